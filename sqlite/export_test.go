package sqlite

// Migrations are the embedded migrations, for tests that build an old
// schema.
var Migrations = migrations

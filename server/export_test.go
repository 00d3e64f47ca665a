package server

// Statuses is the one table of error codes and statuses, for the tests
// outside the package; status_internal_test.go pins its values.
var Statuses = statuses

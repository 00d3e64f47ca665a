// Package deliver sends what Tillit has to say to people and systems: e-mail
// through an SMTP server (Mailer) and signed webhook calls (Webhook).
//
// # Personal data
//
// A recipient's address and a message's content are personal data. Nothing
// this package returns, logs or puts in an error holds either of them. SMTP
// servers often repeat the address in their replies ("550 5.1.1
// <x@example.se> unknown"), so a failed Send keeps only the stage it failed
// at and the SMTP reply code, e.g. "deliver: mail: recipient refused (SMTP
// 550)"; the reply text is dropped. A webhook error names only the HTTP
// status code, never the response body nor the URL. Errors may therefore be
// stored as they are, e.g. as the outbox's last error.
//
// # Retrying
//
// Temporary tells a failure worth retrying (an SMTP 4xx reply, an HTTP 5xx,
// 408 or 429, a network error) from one that will fail again (an SMTP 5xx
// reply, another HTTP 4xx, an invalid message). Backoff says how long to
// wait before the next attempt.
//
// # Webhooks
//
// Webhook calls follow the Standard Webhooks specification
// (https://www.standardwebhooks.com): each request carries the headers
// webhook-id, webhook-timestamp and webhook-signature, the signature being
// "v1," and the base64 HMAC-SHA256 of id + "." + timestamp + "." + body
// under the endpoint's secret. A receiver can check them with Verify or any
// of the specification's libraries. The id stays the same across retries of
// one message, so that receivers can drop duplicates.
//
// Webhook URLs come from the controller's own register of processing, which
// the controller writes, never from data subjects or other users. They are
// therefore trusted configuration, and Post does not guard against
// server-side request forgery (calls to internal addresses); a caller that
// ever takes URLs from anyone else must add such a guard.
package deliver

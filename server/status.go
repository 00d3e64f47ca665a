package server

import (
	"net/http"

	"github.com/tillit-privacy/tillit"
)

// statuses is the one table from Tillit's error codes to HTTP statuses.
// The API (domainProblem), the admin (pageFailed and its forms) and the
// privacy centre (centre.failed and its forms) all answer by it, so a
// code means the same status wherever it is shown; docs/api.md prints it.
//
//	invalid       422 Unprocessable Content: the input, or the state it meets, is wrong
//	not_found     404 Not Found (to a data subject also "not yours": the vault answers both alike)
//	conflict      409 Conflict: it exists already, or changed meanwhile
//	unauthorized  401 Unauthorized: no key, no session, a wrong password
//	forbidden     403 Forbidden: known, but may not do this (a scope, the register, a spent link)
//	internal      500 Internal Server Error, without detail; the operator's log has it
//
// One page answers by a state instead: the centre's download page says
// 410 Gone for a used or expired link, whether it learnt so from the
// link's state (GET) or from the vault's EFORBIDDEN on spending it (POST),
// so that both show the same page with the same status.
var statuses = map[tillit.Code]int{
	tillit.EINVALID:      http.StatusUnprocessableEntity,
	tillit.ENOTFOUND:     http.StatusNotFound,
	tillit.ECONFLICT:     http.StatusConflict,
	tillit.EUNAUTHORIZED: http.StatusUnauthorized,
	tillit.EFORBIDDEN:    http.StatusForbidden,
	tillit.EINTERNAL:     http.StatusInternalServerError,
}

// statusOf returns the HTTP status of err's code by the one table: 500
// for an error that is not a *tillit.Error and for a code the table does
// not know.
func statusOf(err error) int {
	if st, ok := statuses[tillit.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

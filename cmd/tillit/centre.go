package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// publicURL returns the privacy centre's base URL: flag, checked, without
// a trailing slash; or, when it is empty, http://localhost and the port
// of addr, the address listened on, which serves a machine's own browser.
func publicURL(flag, addr string) (string, error) {
	if flag == "" {
		_, port, err := net.SplitHostPort(addr)
		if err != nil || port == "0" || port == "" {
			return "", fmt.Errorf("--public-url: set it: it cannot be derived from the address %q", addr)
		}
		return "http://localhost:" + port, nil
	}
	u, err := url.Parse(flag)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("--public-url %q: give an absolute http or https URL without query or fragment, e.g. https://example.se", flag)
	}
	return strings.TrimRight(flag, "/"), nil
}

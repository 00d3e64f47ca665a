package main

import (
	"strings"
	"testing"
)

func TestPublicURL(t *testing.T) {
	tests := []struct{ flag, addr, want, err string }{
		{"", "127.0.0.1:8080", "http://localhost:8080", ""},
		{"", "[::]:9000", "http://localhost:9000", ""},
		{"https://example.se/", "127.0.0.1:8080", "https://example.se", ""},
		{"https://example.se/tillit", "", "https://example.se/tillit", ""},
		{"example.se", "", "", "absolute http or https URL"},
		{"https://example.se/?x=1", "", "", "without query"},
		{"ftp://example.se", "", "", "absolute http or https URL"},
		{"", "nonsense", "", "set it"},
	}
	for _, tt := range tests {
		got, err := publicURL(tt.flag, tt.addr)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("publicURL(%q, %q) = %q, %v; want %q, %q", tt.flag, tt.addr, got, err, tt.want, tt.err)
		}
	}
}

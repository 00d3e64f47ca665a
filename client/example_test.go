package client_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

// A web form hands what a person gave to Tillit, and the brokering
// service later reads it for its purpose. The form's key has the scopes
// collect and find (tillit apikeys create --name web-form --scope collect
// --scope find); the service's has read:brokering.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	form := client.New("http://127.0.0.1:8080", os.Getenv("TILLIT_FORM_KEY"), client.WithLanguage(tillit.English))

	rc, err := form.Collect(ctx, tillit.Submission{
		Point:  "broker_form",
		Events: []string{"request_submitted"},
		Fields: map[string]string{
			"name":       "Anna Andersson",
			"email":      "anna@example.se",
			"phone":      "070-174 06 05",
			"ip_address": "192.0.2.10",
		},
	})
	switch {
	case client.IsInvalid(err):
		// Show the person what to correct: the detail and each location
		// are in the language asked for, and never repeat the values.
		fmt.Println(err)
		return
	case err != nil:
		log.Fatal(err)
	}

	service := client.New("http://127.0.0.1:8080", os.Getenv("TILLIT_BROKERING_KEY"))
	items, err := service.Use(ctx, rc.Subject, "brokering")
	if client.IsNotAllowed(err) {
		// The register does not allow it now: e.g. the person objected.
		log.Print(err)
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range items {
		fmt.Println(it.Category, it.Value)
	}
}

package main

import "github.com/tillit-privacy/tillit/register"

type schemaCmd struct{}

func (c *schemaCmd) Run(e *env) error {
	_, err := e.stdout.Write(register.Schema())
	return err
}

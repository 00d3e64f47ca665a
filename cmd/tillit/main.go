// Command tillit is the Tillit privacy engine: it checks a register of
// processing, renders the privacy notice and the record of processing
// activities from it, and (as Tillit grows) enforces it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// benchSubjects is how many subjects the Use benchmark reads in turn.
const benchSubjects = 1000

// Bench measures the vault over stores made by open, each sub-benchmark on
// a fresh store: Collect stores a new subject per operation, Use reads one
// of benchSubjects subjects in turn for a purpose, and CollectParallel
// collects new subjects from GOMAXPROCS goroutines at once.
func Bench(b *testing.B, open Opener) {
	b.Run("Collect", func(b *testing.B) {
		e := NewEnv(b, open)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			e.Collect(b, Quote(fmt.Sprintf("bench-%d@example.se", i)))
			i++
		}
	})
	b.Run("Use", func(b *testing.B) {
		e := NewEnv(b, open)
		subjects := make([]string, benchSubjects)
		for i := range subjects {
			subjects[i] = e.Collect(b, Quote(fmt.Sprintf("bench-%d@example.se", i))).Subject
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := e.Vault.Use(e.Ctx, subjects[i%len(subjects)], "quote"); err != nil {
				b.Fatalf("Use: %v", err)
			}
			i++
		}
	})
	b.Run("CollectParallel", func(b *testing.B) {
		e := NewEnv(b, open)
		var n atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				email := fmt.Sprintf("bench-%d@example.se", n.Add(1))
				if _, err := e.Vault.Collect(e.Ctx, Quote(email)); err != nil {
					b.Errorf("Collect: %v", err)
					return
				}
			}
		})
	})
}

package graph

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// TestValueLogGCLoop runs the store's value-log collection on a short
// interval: it must run while the store is open, report no error, and stop
// when the store closes.
func TestValueLogGCLoop(t *testing.T) {
	var mu sync.Mutex
	runs, errs := 0, 0
	closed := false
	after := false
	opt := Options{
		Logger:     slog.New(slog.DiscardHandler),
		GCInterval: 5 * time.Millisecond,
		afterGC: func(files int, err error) {
			mu.Lock()
			defer mu.Unlock()
			runs++
			if err != nil {
				errs++
			}
			if closed {
				after = true
			}
		},
	}
	s, err := OpenWith(context.Background(), t.TempDir(), opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range allArticles {
		if _, err := s.WriteArticle(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := runs
		mu.Unlock()
		if n >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	closed = true
	mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if runs < 2 {
		t.Errorf("value-log GC ran %d times in 5 s at a 5 ms interval", runs)
	}
	if errs > 0 {
		t.Errorf("value-log GC failed %d times", errs)
	}
	if after {
		t.Errorf("value-log GC ran after Close")
	}
}

// TestValueLogGCOff checks that a negative interval starts no collection.
func TestValueLogGCOff(t *testing.T) {
	ran := make(chan struct{}, 1)
	opt := Options{Logger: slog.New(slog.DiscardHandler), GCInterval: -1, afterGC: func(int, error) { ran <- struct{}{} }}
	s, err := OpenWith(context.Background(), t.TempDir(), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	select {
	case <-ran:
		t.Error("value-log GC ran with GCInterval < 0")
	case <-time.After(50 * time.Millisecond):
	}
}

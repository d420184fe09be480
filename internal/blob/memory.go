package blob

import (
	"bytes"
	"context"
	"io"
	"os"
	"sync"
)

// Memory keeps files in memory; for tests and for services built without
// a configured store.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// Put stores the content of a file.
func (m *Memory) Put(_ context.Context, key, path string, _ int64, _ string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.files[key] = b
	m.mu.Unlock()
	return nil
}

// Open returns stored content.
func (m *Memory) Open(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.RLock()
	b, ok := m.files[key]
	m.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// Exists reports whether key is stored.
func (m *Memory) Exists(_ context.Context, key string) (bool, error) {
	m.mu.RLock()
	_, ok := m.files[key]
	m.mu.RUnlock()
	return ok, nil
}

// Delete removes a key.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	delete(m.files, key)
	m.mu.Unlock()
	return nil
}

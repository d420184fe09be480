package blob

import (
	"bytes"
	"context"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Memory keeps files in memory; for tests and for services built without
// a configured store.
type Memory struct {
	mu    sync.RWMutex
	files map[string]memFile
}

type memFile struct {
	b   []byte
	mod time.Time
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{files: map[string]memFile{}} }

// Put stores the content of a file.
func (m *Memory) Put(_ context.Context, key, path string, _ int64, _ string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.files[key] = memFile{b, time.Now()}
	m.mu.Unlock()
	return nil
}

// Open returns stored content.
func (m *Memory) Open(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.RLock()
	f, ok := m.files[key]
	m.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(f.b)), nil
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

// Walk lists the stored files in key order.
func (m *Memory) Walk(ctx context.Context, fn func(Object) error) error {
	m.mu.RLock()
	list := make([]Object, 0, len(m.files))
	for k, f := range m.files {
		list = append(list, Object{Key: k, Size: int64(len(f.b)), ModTime: f.mod})
	}
	m.mu.RUnlock()
	slices.SortFunc(list, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	for _, o := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

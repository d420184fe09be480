// Package audit writes and verifies the append-only, hash-chained event log.
// Every event's hash covers the previous event's hash and its own canonical
// content, so editing, deleting or reordering an event breaks the chain.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
)

// genesis is the previous hash of the first event.
const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Actor is who causes an event.
type Actor struct {
	UserID int64
	Name   string
	IP     string
	At     time.Time // when the change happens; the current time when zero
}

// System is the actor of events the program causes itself (migrations, demo data).
var System = Actor{Name: "system"}

// Record appends an event to the chain inside tx, which must be a
// transaction: the event commits or rolls back with the change it records.
// before and after are marshalled to JSON (nil: none).
func Record(ctx context.Context, tx *store.Store, actor Actor, action, entity string, entityID any, before, after any) error {
	if err := tx.LockAuditChain(ctx); err != nil {
		return err
	}
	seq, prev, err := tx.LastAuditEvent(ctx)
	if err != nil {
		return err
	}
	if prev == "" {
		prev = genesis
	}
	at := actor.At
	if at.IsZero() {
		at = time.Now()
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("audit: uuid: %w", err)
	}
	e := domain.AuditEvent{
		Seq:       seq + 1,
		UUID:      id.String(),
		At:        at.UTC().Truncate(time.Microsecond), // both engines keep microseconds
		ActorID:   actor.UserID,
		ActorName: actor.Name,
		IP:        actor.IP,
		Action:    action,
		Entity:    entity,
		EntityID:  idString(entityID),
		PrevHash:  prev,
	}
	if e.Before, err = canonical(before); err != nil {
		return err
	}
	if e.After, err = canonical(after); err != nil {
		return err
	}
	e.Hash = Hash(e)
	return tx.InsertAuditEvent(ctx, &e)
}

func idString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// canonical marshals v to JSON; encoding/json sorts map keys and keeps struct
// field order, so equal values give equal bytes.
func canonical(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

// Hash computes the hash of an event from its previous hash and content.
func Hash(e domain.AuditEvent) string {
	content := struct {
		Seq       int64  `json:"seq"`
		UUID      string `json:"uuid"`
		At        string `json:"at"`
		ActorID   int64  `json:"actor_id"`
		ActorName string `json:"actor_name"`
		IP        string `json:"ip"`
		Action    string `json:"action"`
		Entity    string `json:"entity"`
		EntityID  string `json:"entity_id"`
		Before    string `json:"before"`
		After     string `json:"after"`
	}{e.Seq, e.UUID, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorName, e.IP, e.Action, e.Entity, e.EntityID, e.Before, e.After}
	b, _ := json.Marshal(content) // cannot fail: only strings and integers
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Break describes where the chain is broken.
type Break struct {
	Seq    int64
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain broken at event %d: %s", b.Seq, b.Reason)
}

// Verify walks the chain from the first event and returns the number of
// events checked and, if the chain is broken, a *Break naming the first bad event.
func Verify(ctx context.Context, s *store.Store) (int64, error) {
	var n, wantSeq int64 = 0, 1
	prev := genesis
	err := s.EachAuditEvent(ctx, func(e domain.AuditEvent) error {
		switch {
		case e.Seq != wantSeq:
			return &Break{Seq: e.Seq, Reason: fmt.Sprintf("expected event %d here: an event was deleted or reordered", wantSeq)}
		case e.PrevHash != prev:
			return &Break{Seq: e.Seq, Reason: "its previous hash does not match the event before it"}
		case Hash(e) != e.Hash:
			return &Break{Seq: e.Seq, Reason: "its content does not match its hash: the event was edited"}
		}
		prev, wantSeq = e.Hash, wantSeq+1
		n++
		return nil
	})
	return n, err
}

package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/store"
	"github.com/kinerja/kinerja/internal/store/storetest"
)

// An account is read with its employee in one query; an account without
// one reads a zero employee, an unknown account is not found.
func TestGetUserWithEmployee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := domain.Employee{NIP: "198001012005011001", Name: "Sri Lestari", Email: "sri@example.id", Grade: "Penata (III/c)", Active: true}
		if err := s.CreateEmployee(ctx, &e); err != nil {
			t.Fatal(err)
		}
		withEmp := domain.User{Username: "sri", PasswordHash: "x", Role: domain.RoleEmployee, EmployeeID: e.ID, Lang: "en", Active: true}
		alone := domain.User{Username: "admin", PasswordHash: "y", Role: domain.RoleAdmin, Lang: "id", Active: true}
		for _, u := range []*domain.User{&withEmp, &alone} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		u, got, err := s.GetUserWithEmployee(ctx, withEmp.ID)
		want, _ := s.GetEmployee(ctx, e.ID)
		plain, _ := s.GetUser(ctx, withEmp.ID)
		if err != nil || got != want || u.ID != plain.ID || u.Username != "sri" || u.EmployeeID != e.ID || u.Lang != "en" ||
			!u.CreatedAt.Equal(plain.CreatedAt) || u.PasswordHash != plain.PasswordHash {
			t.Errorf("with employee: %+v %+v %v, want %+v %+v", u, got, err, plain, want)
		}
		u, got, err = s.GetUserWithEmployee(ctx, alone.ID)
		if err != nil || got != (domain.Employee{}) || u.Username != "admin" || u.EmployeeID != 0 {
			t.Errorf("without employee: %+v %+v %v", u, got, err)
		}
		if _, _, err := s.GetUserWithEmployee(ctx, alone.ID+100); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown account: %v", err)
		}
	})
}

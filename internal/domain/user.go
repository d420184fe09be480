package domain

import "time"

// Role is an application role. Supervisor rights come from the org chart, not from a role.
type Role string

// Roles.
const (
	RoleAdmin     Role = "admin"     // accounts, settings, backups
	RolePengelola Role = "pengelola" // performance administrator of the office
	RolePemeriksa Role = "pemeriksa" // read-only auditor
	RoleEmployee  Role = "employee"  // everybody else
)

// Roles lists the valid roles.
var Roles = []Role{RoleAdmin, RolePengelola, RolePemeriksa, RoleEmployee}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a login account, usually linked to an employee.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         Role
	EmployeeID   int64 // 0 when the account is not an employee (e.g. a technical admin)
	Lang         string
	Active       bool
	EmailDigest  bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastLoginAt  time.Time
}

// APIToken is a bearer token for the JSON API; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// RoleService is the role of a service account's login account. It is not
// in Roles: nobody picks it on the accounts page, and it grants nothing by
// itself; the account's scopes do (authz).
const RoleService Role = "service"

// Scopes of a service account.
const (
	ScopeRead             = "read"              // read the office's org chart, plans, sheets and reports (never scores)
	ScopeWriteRealisation = "write-realisation" // save values, raw data and evidence on the office's sheets for their owners
	ScopeWriteOrg         = "write-org"         // change the office's org chart
)

// Scopes lists the valid scopes.
var Scopes = []string{ScopeRead, ScopeWriteRealisation, ScopeWriteOrg}

// ServiceAccount is another system acting through the API within one office.
type ServiceAccount struct {
	ID        int64
	UserID    int64 // its login account (RoleService), whose tokens it uses
	Name      string
	OfficeID  int64
	Scopes    []string
	CreatedAt time.Time
	CreatedBy int64
	DeletedAt time.Time
}

// Has reports whether the account was given a scope.
func (s ServiceAccount) Has(scope string) bool {
	for _, x := range s.Scopes {
		if x == scope {
			return true
		}
	}
	return false
}

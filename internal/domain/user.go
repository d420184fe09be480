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

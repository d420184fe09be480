package domain

import (
	"time"
)

// UnitKind is the level of an organisation unit.
type UnitKind string

// Unit kinds from the top of an organisation down.
const (
	UnitOrganisation UnitKind = "organisation" // e.g. a directorate general
	UnitRegion       UnitKind = "region"       // a regional office (kanwil)
	UnitOffice       UnitKind = "office"       // an office (UPK-Three), owner of a strategy map
	UnitSection      UnitKind = "section"      // seksi / subbagian
)

// UnitKinds lists the valid unit kinds in hierarchy order.
var UnitKinds = []UnitKind{UnitOrganisation, UnitRegion, UnitOffice, UnitSection}

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool {
	for _, x := range UnitKinds {
		if k == x {
			return true
		}
	}
	return false
}

// UPK reports whether units of this kind own performance (Unit Pemilik
// Kinerja, SPEC §15): a head, a strategy map and a PK. Kantor Pusat, Kanwil
// and KPPN all do; a section works under the nearest one above it.
func (k UnitKind) UPK() bool {
	return k == UnitOrganisation || k == UnitRegion || k == UnitOffice
}

// Unit is a node of the organisation tree.
type Unit struct {
	ID       int64
	ParentID int64 // 0 for a root
	Code     string
	Name     string
	Kind     UnitKind
	// Letterhead lines printed above the office name on documents
	// (e.g. "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA"), one per line.
	Letterhead string
	Address    string
	City       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Revision   int // counts the changes, for changes made on an older reading
}

// PositionKind is the kind of a position (jabatan).
type PositionKind string

// Position kinds.
const (
	PosHead          PositionKind = "head"          // pimpinan UPK / kepala kantor
	PosAdministrator PositionKind = "administrator" // e.g. kepala kantor of a small office under a kanwil, kepala bagian
	PosPengawas      PositionKind = "pengawas"      // kepala seksi / kepala subbagian
	PosPelaksana     PositionKind = "pelaksana"
	PosFungsional    PositionKind = "fungsional"
)

// PositionKinds lists the valid position kinds.
var PositionKinds = []PositionKind{PosHead, PosAdministrator, PosPengawas, PosPelaksana, PosFungsional}

// Valid reports whether k is a known position kind.
func (k PositionKind) Valid() bool {
	for _, x := range PositionKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Structural reports whether holders of this position are structural officials,
// who write the quarterly IIAA report.
func (k PositionKind) Structural() bool {
	return k == PosHead || k == PosAdministrator || k == PosPengawas
}

// Position is a post in a unit that reports to another position.
type Position struct {
	ID          int64
	UnitID      int64
	Title       string
	Kind        PositionKind
	ReportsToID int64 // 0 for the top of a tree
	// NonSubstantive marks a functional post that blends with the NKO like
	// staff two levels below the head, not as substantive functional staff
	// (SPEC §10.6.6). Only meaningful for PosFungsional.
	NonSubstantive bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Revision       int // counts the changes, for changes made on an older reading
}

// SubstantiveFunctional reports whether the post blends with the NKO as
// substantive functional staff (SPEC §10.6.6): a functional post not
// marked non-substantive.
func (p Position) SubstantiveFunctional() bool {
	return p.Kind == PosFungsional && !p.NonSubstantive
}

// Employee is a civil servant identified by an NIP.
type Employee struct {
	ID        int64
	NIP       string
	Name      string
	Email     string
	Grade     string // pangkat/golongan, e.g. "Penata (III/c)"
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
	Revision  int // counts the changes, for changes made on an older reading
}

// ActingKind marks a temporary appointment.
type ActingKind string

// Acting kinds: a definitive appointment, Plt (pelaksana tugas) or Plh (pelaksana harian).
const (
	ActingNone ActingKind = ""
	ActingPlt  ActingKind = "plt"
	ActingPlh  ActingKind = "plh"
)

// Valid reports whether a is a known acting kind.
func (a ActingKind) Valid() bool { return a == ActingNone || a == ActingPlt || a == ActingPlh }

// Assignment places an employee in a position for a period. EndDate zero = open.
type Assignment struct {
	ID         int64
	EmployeeID int64
	PositionID int64
	StartDate  time.Time
	EndDate    time.Time
	Acting     ActingKind
	Note       string
	CreatedAt  time.Time
}

// ActiveOn reports whether the assignment covers the given day.
func (a Assignment) ActiveOn(day time.Time) bool {
	d := Day(day)
	if d.Before(Day(a.StartDate)) {
		return false
	}
	return a.EndDate.IsZero() || !d.After(Day(a.EndDate))
}

// Day truncates t to its calendar date in UTC (dates are stored without zone).
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

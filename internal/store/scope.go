package store

import (
	"iter"
	"slices"
)

// maxIDs is the most IDs one IN list holds: PostgreSQL takes at most 65,535
// parameters a statement, SQLite 32,766.
const maxIDs = 10000

// idChunks yields some IDs sorted, at most maxIDs at a time, so that reading
// them chunk by chunk keeps an order by ID.
func idChunks(ids []int64) iter.Seq[[]int64] {
	sorted := slices.Sorted(slices.Values(ids))
	return slices.Chunk(sorted, maxIDs)
}

// officePlans is the condition on the plans (alias p) of an office's year,
// of some employees when given (nil or empty: all of them), with its
// parameters from $1. With employees the office is checked, not searched
// (`+p.office_id`): SQLite keeps no statistics on these tables and would
// walk every plan of the office by its index rather than look the employees
// up (a section head's team read the office's 494 plans for 15).
func officePlans(yearID, officeID int64, emps []int64) (string, []any) {
	office := "p.office_id"
	if len(emps) > 0 {
		office = "+p.office_id"
	}
	in, args := idsIn("p.employee_id", emps, []any{yearID, officeID})
	return "p.year_id = $1 AND " + office + " = $2" + in, args
}

// idsIn is " AND col IN (…)" for some IDs ("" for none), with the
// parameters numbered after args.
func idsIn(col string, ids []int64, args []any) (string, []any) {
	if len(ids) == 0 {
		return "", args
	}
	in := " AND " + col + " IN (" + placeholders(len(args)+1, len(ids)) + ")"
	for _, id := range ids {
		args = append(args, id)
	}
	return in, args
}

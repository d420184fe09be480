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

// employeesIn narrows a query on plans (alias p) to some employees: nil or
// empty means every employee. The parameters are numbered after args.
func employeesIn(col string, emps []int64, args []any) (string, []any) {
	return idsIn(col, emps, args)
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

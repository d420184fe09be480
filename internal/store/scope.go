package store

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

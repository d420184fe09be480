package store

// employeesIn narrows a query on plans (alias p) to some employees: nil or
// empty means every employee. The parameters are numbered after args.
func employeesIn(col string, emps []int64, args []any) (string, []any) {
	if len(emps) == 0 {
		return "", args
	}
	in := " AND " + col + " IN (" + placeholders(len(args)+1, len(emps)) + ")"
	for _, id := range emps {
		args = append(args, id)
	}
	return in, args
}

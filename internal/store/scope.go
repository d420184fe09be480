package store

import (
	"strconv"
	"strings"
)

// employeesIn narrows a query on plans (alias p) to some employees: nil or
// empty means every employee. The parameters are numbered after args.
func employeesIn(col string, emps []int64, args []any) (string, []any) {
	if len(emps) == 0 {
		return "", args
	}
	var b strings.Builder
	b.WriteString(" AND " + col + " IN (")
	for i, id := range emps {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, id)
		b.WriteString("$" + strconv.Itoa(len(args)))
	}
	b.WriteString(")")
	return b.String(), args
}

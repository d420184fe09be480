package calc

import "fmt"

// GuideBound is one bound of the distribution guide: the share (percent) or
// count of employees whose predicate is one of Predicates.
type GuideBound struct {
	Predicates []string
	MinShare   Opt
	MaxShare   Opt
	MinCount   int
}

// BoundCheck is a guide bound against an office's predicates.
type BoundCheck struct {
	GuideBound
	Count  int
	Share  float64 // percent of the employees counted
	Within bool
}

// Distribution is an office's spread of employee predicates read against the
// guide of its organisation predicate (SPEC §14.8). It advises; nothing is
// refused by it.
type Distribution struct {
	NKOPredicate          string
	OrganisationPredicate string
	Total                 int
	Counts                map[string]int // by employee predicate
	Order                 []string       // the rule set's employee predicates
	Bounds                []BoundCheck
	WithinGuide           bool
}

func (rs *RuleSet) buildDistribution(c *checker, d *rawDistribution) {
	p := &rs.eval
	p.orgPredicates, p.guides = map[string]string{}, map[string][]GuideBound{}
	known := map[string]bool{}
	for _, row := range rs.nkp.predicates {
		for _, l := range row {
			if !known[l] {
				known[l] = true
				p.employeeLabels = append(p.employeeLabels, l)
			}
		}
	}
	nko := map[string]bool{rs.nkoBelow: true}
	for _, b := range rs.nkoBands {
		nko[b.label] = true
	}
	for i, o := range d.Organisation {
		f := fmt.Sprintf("evaluation.distribution.organisation[%d]", i)
		if !nko[*o.NKOPredicate] {
			c.fail(f+".nko_predicate", "%q is not an NKO predicate of nko.predicates", *o.NKOPredicate)
		}
		if _, dup := p.orgPredicates[*o.NKOPredicate]; dup {
			c.fail(f+".nko_predicate", "%q appears twice", *o.NKOPredicate)
		}
		c.nonEmpty(f+".predicate", *o.Predicate)
		p.orgPredicates[*o.NKOPredicate] = *o.Predicate
		p.orgOrder = append(p.orgOrder, *o.Predicate)
		var bounds []GuideBound
		for j, g := range o.Guide {
			gf := fmt.Sprintf("%s.guide[%d]", f, j)
			if len(g.Predicates) == 0 {
				c.fail(gf+".predicates", "must name at least one employee predicate")
			}
			for _, l := range g.Predicates {
				if !known[l] {
					c.fail(gf+".predicates", "%q is not an employee predicate of nkp.predicates", l)
				}
			}
			b := GuideBound{Predicates: g.Predicates}
			if g.MinShare != nil {
				b.MinShare = Some(*g.MinShare)
			}
			if g.MaxShare != nil {
				b.MaxShare = Some(*g.MaxShare)
			}
			if g.MinCount != nil {
				b.MinCount = *g.MinCount
			}
			for _, v := range []Opt{b.MinShare, b.MaxShare} {
				if v.OK && (v.V < 0 || v.V > 100) {
					c.fail(gf, "shares must be 0–100")
				}
			}
			if !b.MinShare.OK && !b.MaxShare.OK && b.MinCount < 1 {
				c.fail(gf, "must set min_share, max_share or min_count")
			}
			bounds = append(bounds, b)
		}
		p.guides[*o.Predicate] = bounds
	}
	for n := range nko {
		if _, ok := p.orgPredicates[n]; !ok {
			c.fail("evaluation.distribution.organisation", "NKO predicate %q has no organisation predicate", n)
		}
	}
}

// OrganisationPredicate maps the NKO predicate to the organisation's
// predicate of the distribution guide ("" when the rule set has none).
func (rs *RuleSet) OrganisationPredicate(nkoPredicate string) string {
	return rs.eval.orgPredicates[nkoPredicate]
}

// EmployeePredicates lists the employee predicates of the rule set's matrix,
// best first as the matrix reads.
func (rs *RuleSet) EmployeePredicates() []string {
	return append([]string(nil), rs.eval.employeeLabels...)
}

// Distribute reads an office's employee predicates (one per employee scored)
// against the guide of the organisation predicate that the NKO predicate
// maps to.
func (rs *RuleSet) Distribute(nkoPredicate string, predicates []string) Distribution {
	d := Distribution{NKOPredicate: nkoPredicate, OrganisationPredicate: rs.OrganisationPredicate(nkoPredicate),
		Total: len(predicates), Counts: map[string]int{}, Order: rs.EmployeePredicates(), WithinGuide: true}
	for _, l := range rs.eval.employeeLabels {
		d.Counts[l] = 0
	}
	for _, p := range predicates {
		d.Counts[p]++
	}
	for _, b := range rs.eval.guides[d.OrganisationPredicate] {
		bc := BoundCheck{GuideBound: b, Within: true}
		for _, l := range b.Predicates {
			bc.Count += d.Counts[l]
		}
		if d.Total > 0 {
			bc.Share = float64(bc.Count) * 100 / float64(d.Total)
		}
		s := Round2(bc.Share)
		if b.MinShare.OK && s < b.MinShare.V || b.MaxShare.OK && s > b.MaxShare.V || bc.Count < b.MinCount {
			bc.Within = false
		}
		// An empty office departs from no bound.
		if d.Total == 0 {
			bc.Within = true
		}
		d.WithinGuide = d.WithinGuide && bc.Within
		d.Bounds = append(d.Bounds, bc)
	}
	return d
}

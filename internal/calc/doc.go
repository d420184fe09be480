// Package calc is the rule engine of Kinerja (SPEC §10): the achievement of
// an indicator per quarter and for the year, status colours, NKO, K3 and the
// employee score (NHK, NPK, NKP), each with an optional explanation.
//
// Every number of the regulation lives in a rule set (RuleSet), embedded as
// JSON under rules/, so a corrected or newer regulation is a data change.
// The functions are pure: no I/O, no clock, no state beyond the read-only
// rule sets.
//
// Numbers are float64 in full precision. Round2 (two decimals, half away from
// zero) is applied only for display and export, and before a value is
// classified (status, predicate, rating) so that a label never contradicts
// the number shown beside it.
//
// Errors about the input are *InputError values naming the offending field
// with the same JSON-style path the kinerja calc command reads.
package calc

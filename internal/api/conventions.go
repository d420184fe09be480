package api

import (
	"fmt"
	"net/http"
)

// MaxLimit is the most items one page of a list holds; a larger limit is
// refused (422 at query.limit) rather than cut silently.
const MaxLimit = 1000

// Paging is the paging of a list: embedded in the input of every list
// operation that can grow.
type Paging struct {
	Limit  int `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"items per page (at most 1000)"`
	Offset int `query:"offset" minimum:"0" doc:"items to skip: the first item of the page"`
}

// listOut is one page of a list with the number of all items.
type listOut[T any] struct {
	Body struct {
		Items  []T `json:"items"`
		Total  int `json:"total" doc:"items on all pages, not only this one"`
		Limit  int `json:"limit" doc:"the page size asked for"`
		Offset int `json:"offset" doc:"the position of the first item of this page"`
	}
}

// page cuts one page out of a whole list.
func page[T any](all []T, p Paging) *listOut[T] {
	out := &listOut[T]{}
	if p.Limit <= 0 {
		p.Limit = len(all)
	}
	lo := min(max(p.Offset, 0), len(all))
	hi := min(lo+p.Limit, len(all))
	out.Body.Items = append(make([]T, 0, hi-lo), all[lo:hi]...)
	out.Body.Total, out.Body.Limit, out.Body.Offset = len(all), p.Limit, p.Offset
	return out
}

// whole answers a list that is never paged (the result of one request).
func whole[T any](all []T) *listOut[T] { return page(all, Paging{Limit: len(all)}) }

// createdOut answers a creation: 201 with the new resource's address, or
// 200 when the resource already existed (Status says which).
type createdOut[T any] struct {
	Status   int
	Location string `header:"Location" doc:"the API path of the resource"`
	Body     T
}

func created[T any](body T, format string, args ...any) *createdOut[T] {
	return &createdOut[T]{Status: http.StatusCreated, Location: Prefix + fmt.Sprintf(format, args...), Body: body}
}

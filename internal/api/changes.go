package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/service"
)

// Change is one change from the audit log.
type Change struct {
	Cursor   string    `json:"cursor" doc:"this change's place in the feed; ask for what follows with since"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor" doc:"who changed it; a service account reads: NAME (service account) on behalf of OWNER"`
	Action   string    `json:"action" example:"realisation.save"`
	Object   string    `json:"object" doc:"the kind of object changed" example:"realisation"`
	ObjectID string    `json:"object_id"`
	OfficeID int64     `json:"office_id,omitempty" doc:"the office the object belongs to, when it belongs to one"`
}

// Changes is a page of the change feed.
type Changes struct {
	Items []Change `json:"items"`
	Next  string   `json:"next" doc:"the cursor to send as since on the next poll"`
	More  bool     `json:"more" doc:"more changes follow at once: poll again with next"`
}

func (a *API) changeRoutes() {
	register(a, huma.Operation{OperationID: "list-changes", Method: http.MethodGet, Path: "/changes",
		Summary: "What changed since a cursor", Tags: []string{"Changes"},
		Description: "The changes recorded in the audit log after `since`, oldest first, keeping those of objects the caller may " +
			"read. Without `since` the feed starts at the beginning; `since=latest` answers no items and the current cursor as " +
			"`next`, to start following from now. Keep `next` and poll with it: a cursor that is not one is refused with 400.",
		Errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusUnprocessableEntity}}, a.listChanges)
}

type changesIn struct {
	Since string `query:"since" doc:"a cursor from next or an item; latest for the current end of the feed"`
	Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"changes per page (at most 1000)"`
}

func (a *API) listChanges(ctx context.Context, in *changesIn) (*bodyOut[Changes], error) {
	var since int64
	latest := in.Since == "latest"
	if in.Since != "" && !latest {
		n, err := strconv.ParseInt(in.Since, 10, 64)
		if err != nil || n < 0 {
			return nil, huma.Error400BadRequest("since is not a cursor: send one from next, or latest",
				&huma.ErrorDetail{Location: "query.since", Message: "not a cursor", Value: in.Since})
		}
		since = n
	}
	feed, err := a.svc.Changes(ctx, actorOf(ctx), service.ChangeQuery{Since: since, Latest: latest, Limit: in.Limit})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := Changes{Items: []Change{}, Next: strconv.FormatInt(feed.Next, 10), More: feed.More}
	for _, c := range feed.Items {
		out.Items = append(out.Items, Change{Cursor: strconv.FormatInt(c.Seq, 10), At: c.At.UTC(), Actor: c.Actor, Action: c.Action,
			Object: c.Entity, ObjectID: c.EntityID, OfficeID: c.OfficeID})
	}
	return &bodyOut[Changes]{Body: out}, nil
}

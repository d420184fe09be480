package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/service"
)

// ServiceAccount is another system acting through the API within one office.
type ServiceAccount struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Username  string    `json:"username,omitempty" doc:"its login account, as the audit log and the change feed name it"`
	OfficeID  int64     `json:"office"`
	Scopes    []string  `json:"scopes" enum:"read,write-realisation,write-org"`
	CreatedAt time.Time `json:"created_at"`
}

// NewServiceAccount is a service account just made, with its token.
type NewServiceAccount struct {
	ServiceAccount
	Token string `json:"token" doc:"the bearer token, shown this once: only its hash is kept"`
}

func serviceAccountOut(sa domain.ServiceAccount) ServiceAccount {
	return ServiceAccount{ID: sa.ID, Name: sa.Name, OfficeID: sa.OfficeID, Scopes: append([]string{}, sa.Scopes...), CreatedAt: sa.CreatedAt.UTC()}
}

func (a *API) serviceAccountRoutes() {
	tags := []string{"Service accounts"}
	register(a, huma.Operation{OperationID: "create-service-account", Method: http.MethodPost, Path: "/service-accounts",
		Summary: "Make a service account", Tags: tags, DefaultStatus: http.StatusCreated,
		Description: "For an admin, for an office in the admin's scope. Scopes: `read` (the office's org chart, plans, sheets and " +
			"reports, never scores), `write-realisation` (save values, raw data and evidence on any sheet of the office on its " +
			"owner's behalf; never submit, validate, verify or approve) and `write-org`. The answer carries the token, shown this once.",
		Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.createServiceAccount)
	register(a, huma.Operation{OperationID: "list-service-accounts", Method: http.MethodGet, Path: "/service-accounts",
		Summary: "Service accounts", Tags: tags,
		Description: "The service accounts of the offices in the admin's scope, oldest first; deleted ones are left out.",
		Errors:      []int{http.StatusForbidden, http.StatusUnprocessableEntity}}, a.listServiceAccounts)
	register(a, huma.Operation{OperationID: "delete-service-account", Method: http.MethodDelete, Path: "/service-accounts/{id}",
		Summary: "Delete a service account", Tags: tags, DefaultStatus: http.StatusNoContent,
		Description: "Its token is refused from then on (401); what it wrote stays, and the audit log keeps its name.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound}}, a.deleteServiceAccount)
}

type createServiceAccountIn struct {
	Body struct {
		Name   string   `json:"name" maxLength:"100" example:"Sinkronisasi SIMPEG"`
		Office int64    `json:"office" doc:"the office (unit ID) it acts in"`
		Scopes []string `json:"scopes" minItems:"1" uniqueItems:"true" enum:"read,write-realisation,write-org"`
	}
}

func (a *API) createServiceAccount(ctx context.Context, in *createServiceAccountIn) (*createdOut[NewServiceAccount], error) {
	token, sa, err := a.svc.CreateServiceAccount(ctx, actorOf(ctx), service.ServiceAccountInput{Name: in.Body.Name, OfficeID: in.Body.Office, Scopes: in.Body.Scopes})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return created(NewServiceAccount{ServiceAccount: serviceAccountOut(sa), Token: token}, "/service-accounts/%d", sa.ID), nil
}

type listServiceAccountsIn struct {
	Paging
}

func (a *API) listServiceAccounts(ctx context.Context, in *listServiceAccountsIn) (*listOut[ServiceAccount], error) {
	list, err := a.svc.ServiceAccounts(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	all := []ServiceAccount{}
	for _, sa := range list {
		all = append(all, serviceAccountOut(sa))
	}
	return page(all, in.Paging), nil
}

type serviceAccountIDIn struct {
	ID int64 `path:"id"`
}

func (a *API) deleteServiceAccount(ctx context.Context, in *serviceAccountIDIn) (*struct{}, error) {
	if err := a.svc.DeleteServiceAccount(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

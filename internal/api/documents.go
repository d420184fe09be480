package api

import (
	"context"
	"mime"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kinerja/kinerja/internal/service"
)

// documentRoutes registers the documents as files, made by the same
// builders as the web's downloads.
func (a *API) documentRoutes() {
	tags := []string{"Documents"}
	errs := []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	register(a, huma.Operation{OperationID: "get-plan-pdf", Method: http.MethodGet, Path: "/plans/{id}/pdf",
		Summary: "The PK or SKP as a PDF", Tags: tags,
		Description: "The performance agreement (PK) of a head of office or the SKP of anyone else, of the newest version unless " +
			"`version` names another, with its signature block, for those who may read the plan.",
		Responses: binaryResponse("application/pdf", "The PDF"), Errors: errs}, a.planPDF)
	register(a, huma.Operation{OperationID: "get-plan-manual-pdf", Method: http.MethodGet, Path: "/plans/{id}/manual.pdf",
		Summary: "The Manual IKU or IKI of a plan as a PDF", Tags: tags,
		Description: "One definition sheet per indicator of the version, for those who may read the plan.",
		Responses:   binaryResponse("application/pdf", "The PDF"), Errors: errs}, a.planManualPDF)
	register(a, huma.Operation{OperationID: "get-plan-xlsx", Method: http.MethodGet, Path: "/plans/{id}/xlsx",
		Summary: "A plan as a workbook", Tags: tags,
		Description: "The version's lines with their manuals and targets, in the language of Accept-Language.",
		Responses:   binaryResponse(xlsxType, "The workbook"), Errors: errs}, a.planXLSX)
	register(a, huma.Operation{OperationID: "get-report-xlsx", Method: http.MethodGet, Path: "/reports/{year}/{quarter}/{employee}/xlsx",
		Summary: "The raw data of a report as a workbook", Tags: []string{"Reports", "Documents"},
		Description: "Every indicator's raw data behind the report's figures.",
		Responses:   binaryResponse(xlsxType, "The workbook"), Errors: errs}, a.reportXLSX)
	register(a, huma.Operation{OperationID: "get-quarter-package", Method: http.MethodGet, Path: "/years/{year}/quarters/{q}/package.pdf",
		Summary: "An office's quarterly package as one PDF", Tags: tags,
		Description: "The office's NKO and every structural official's IIAA report of the quarter, for those who read the office " +
			"(default: the caller's own office).",
		Responses: binaryResponse("application/pdf", "The PDF"), Errors: errs}, a.quarterPackage)
}

type planDocIn struct {
	ID      int64 `path:"id"`
	Version int   `query:"version" minimum:"0" doc:"version number (1, 2, …); the newest when absent"`
}

func (a *API) fileAnswer(ctx context.Context, f service.File, err error) (*fileOut, error) {
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &fileOut{ContentType: f.ContentType, ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}), Body: f.Data}, nil
}

func (a *API) planDocument(ctx context.Context, in *planDocIn, gen func(ctx context.Context, planID, versionID int64) (service.File, error)) (*fileOut, error) {
	vid, err := a.versionID(ctx, in.ID, in.Version)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	f, err := gen(ctx, in.ID, vid)
	return a.fileAnswer(ctx, f, err)
}

func (a *API) planPDF(ctx context.Context, in *planDocIn) (*fileOut, error) {
	return a.planDocument(ctx, in, func(ctx context.Context, planID, versionID int64) (service.File, error) {
		return a.svc.PlanPDF(ctx, actorOf(ctx), planID, versionID)
	})
}

func (a *API) planManualPDF(ctx context.Context, in *planDocIn) (*fileOut, error) {
	return a.planDocument(ctx, in, func(ctx context.Context, planID, versionID int64) (service.File, error) {
		return a.svc.PlanManualPDF(ctx, actorOf(ctx), planID, versionID)
	})
}

func (a *API) planXLSX(ctx context.Context, in *planDocIn) (*fileOut, error) {
	return a.planDocument(ctx, in, func(ctx context.Context, planID, versionID int64) (service.File, error) {
		return a.svc.PlanXLSX(ctx, actorOf(ctx), planID, versionID, langOf(ctx))
	})
}

func (a *API) reportXLSX(ctx context.Context, in *reportIn) (*fileOut, error) {
	planID, err := a.reportPlan(ctx, *in)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	f, err := a.svc.ReportXLSX(ctx, actorOf(ctx), planID, in.Quarter)
	return a.fileAnswer(ctx, f, err)
}

func (a *API) quarterPackage(ctx context.Context, in *progressIn) (*fileOut, error) {
	office, err := a.office(ctx, in.Office)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	f, err := a.svc.QuarterPackagePDF(ctx, actorOf(ctx), in.Year, in.Q, office)
	return a.fileAnswer(ctx, f, err)
}

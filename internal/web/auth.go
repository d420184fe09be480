package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/kinerja/kinerja/internal/authz"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) != nil {
		redirect(w, r, safeNext(r.URL.Query().Get("next")))
		return nil
	}
	f := newForm(r.URL.Query())
	r = s.endedLang(r, f)
	s.renderForm(w, r, http.StatusOK, "login", langOf(r).T("login.title"), nil, f)
	return nil
}

// endedLang sets the language of a login page that says a session has ended
// (the form's ended field): the account's, which the lang cookie keeps since
// it signed in, else the site's. The browser's wish is not the account's.
func (s *Server) endedLang(r *http.Request, f *form) *http.Request {
	if f.Get("ended") == "" {
		return r
	}
	l := i18n.Lang(s.cfg.Lang)
	if c, err := r.Cookie("lang"); err == nil && i18n.Valid(c.Value) {
		l = i18n.Lang(c.Value)
	}
	return r.WithContext(context.WithValue(r.Context(), keyLang, l))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	r = s.endedLang(r, f)
	l := langOf(r)
	f.Values.Del("password") // never echo a password back
	u, err := s.svc.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), clientIP(r))
	switch {
	case errors.Is(err, service.ErrBadCredentials):
		f.General = append(f.General, l.T("login.bad_credentials"))
		s.renderForm(w, r, http.StatusUnauthorized, "login", l.T("login.title"), nil, f)
		return nil
	case errors.Is(err, service.ErrThrottled):
		f.General = append(f.General, l.T("login.throttled"))
		s.renderForm(w, r, http.StatusTooManyRequests, "login", l.T("login.title"), nil, f)
		return nil
	case err != nil:
		return err
	}
	// A new session token on login prevents session fixation.
	if err := s.startSession(r, u); err != nil {
		return err
	}
	if i18n.Valid(u.Lang) {
		s.setLangCookie(w, u.Lang)
	}
	redirect(w, r, safeNext(r.PostFormValue("next")))
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	redirect(w, r, "/login")
	return nil
}

// setLang switches the interface language: stored on the account when signed
// in, in a cookie otherwise.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	lang := r.PostFormValue("lang")
	if !i18n.Valid(lang) {
		return errBadRequest
	}
	if a := actorOf(r); a != nil {
		if err := s.svc.SetLanguage(r.Context(), *a, lang); err != nil {
			return err
		}
	}
	s.setLangCookie(w, lang)
	back := r.PostFormValue("back")
	redirect(w, r, safeNext(back))
	return nil
}

// setLangCookie keeps a language in the browser: the choice of someone
// signed out, and the account's once it signs in, so that the page saying
// its session has ended speaks it.
func (s *Server) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookie})
}

// The one-time setup link creates the first admin on a fresh install.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.svc.SetupTokenValid(r.Context(), r.URL.Query().Get("token")); err != nil {
		return err
	} else if !ok {
		return domain.ErrNotFound
	}
	f := newForm(r.URL.Query())
	s.renderForm(w, r, http.StatusOK, "setup", langOf(r).T("setup.title"), nil, f)
	return nil
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(r.PostForm)
	f.Values.Del("password")
	f.Values.Del("password2")
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		f.Errors["password2"] = l.T("password.mismatch")
		s.renderForm(w, r, http.StatusUnprocessableEntity, "setup", l.T("setup.title"), nil, f)
		return nil
	}
	u, err := s.svc.SetupFirstAdmin(r.Context(), r.PostFormValue("token"), r.PostFormValue("username"), r.PostFormValue("password"))
	if err != nil {
		if f.absorb(l, err) {
			s.renderForm(w, r, http.StatusUnprocessableEntity, "setup", l.T("setup.title"), nil, f)
			return nil
		}
		return err
	}
	if err := s.startSession(r, u); err != nil {
		return err
	}
	s.addFlash(r, "ok", l.T("setup.done"))
	redirect(w, r, "/")
	return nil
}

// account is the signed-in user's own page: language, password, API tokens.
func (s *Server) account(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	return s.renderAccount(w, r, a, http.StatusOK, newForm(nil), "")
}

type accountData struct {
	Tokens   []domain.APIToken
	NewToken string
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, a authz.Actor, status int, f *form, newToken string) error {
	toks, err := s.svc.ListTokens(r.Context(), a, a.User.ID)
	if err != nil {
		return err
	}
	s.renderForm(w, r, status, "account", langOf(r).T("account.title"), accountData{Tokens: toks, NewToken: newToken}, f)
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	l := langOf(r)
	f := newForm(nil)
	if r.PostFormValue("new_password") != r.PostFormValue("new_password2") {
		f.Errors["new_password2"] = l.T("password.mismatch")
		return s.renderAccount(w, r, a, http.StatusUnprocessableEntity, f, "")
	}
	if err := s.svc.ChangePassword(r.Context(), a, r.PostFormValue("old_password"), r.PostFormValue("new_password")); err != nil {
		if f.absorb(l, err) {
			return s.renderAccount(w, r, a, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	// Every other session of the account has ended with the old password;
	// this one goes on under a new token.
	me, err := s.svc.Actor(r.Context(), a.User.ID, clientIP(r))
	if err != nil {
		return err
	}
	if err := s.startSession(r, me.User); err != nil {
		return err
	}
	s.addFlash(r, "ok", l.T("password.changed"))
	redirect(w, r, "/account")
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	if err := parseForm(r); err != nil {
		return err
	}
	tok, _, err := s.svc.IssueToken(r.Context(), a, a.User.Username, strings.TrimSpace(r.PostFormValue("name")))
	if err != nil {
		return err
	}
	// Shown once, on this response only; it is not kept anywhere readable.
	return s.renderAccount(w, r, a, http.StatusOK, newForm(nil), tok)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, a authz.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(r.Context(), a, a.User.ID, id); err != nil {
		return err
	}
	s.addFlash(r, "ok", langOf(r).T("token.revoked"))
	redirect(w, r, "/account")
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.ready(r.Context()); err != nil {
		s.log.Warn("database not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// startSession signs a user in on a new session token (against session
// fixation), tagged with their password: a session whose tag no longer
// matches ends, so changing a password signs every other session out.
func (s *Server) startSession(r *http.Request, u domain.User) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserKey, u.ID)
	s.sessions.Put(r.Context(), sessionPasswordKey, passwordTag(u.PasswordHash))
	return nil
}

// passwordTag identifies a password hash without revealing it.
func passwordTag(hash string) string {
	sum := sha256.Sum256([]byte("kinerja session\x00" + hash))
	return hex.EncodeToString(sum[:8])
}

package web

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// routes is the whole HTTP surface in one place.
func (s *Server) routes(e *echo.Echo) {
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: 301}))
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		TargetHeader: echo.HeaderXRequestID,
	}))
	e.Use(s.recoverPanics, s.logRequests, s.measure)
	e.Use(middleware.BodyLimit(s.cfg.BodyLimit))
	e.Use(securityHeaders)

	// Operations: no session, no CSRF.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler())
	e.GET("/static/*", s.staticFiles())

	// Everything else knows who is asking and checks CSRF on unsafe methods.
	app := e.Group("", s.authenticate, s.csrf)

	// Pages.
	app.GET("/", s.homePage)
	app.GET("/play", s.playPage)
	app.GET("/login", s.loginPage)
	app.POST("/login", s.loginSubmit)
	app.GET("/register", s.registerPage)
	app.POST("/register", s.registerSubmit)
	app.POST("/guest", s.guestSubmit)
	app.POST("/logout", s.logoutSubmit)

	// JSON API.
	api := app.Group("/api/v1")
	api.POST("/auth/register", s.apiRegister)
	api.POST("/auth/login", s.apiLogin)
	api.POST("/auth/guest", s.apiGuest)
	api.POST("/auth/logout", s.apiLogout, s.requirePlayer)
	api.GET("/me", s.apiMe, s.requirePlayer)
	api.PATCH("/me", s.apiPatchMe, s.requirePlayer)
	api.GET("/players/:id", s.apiPlayer)

	// Leaderboards and Target Rush (pages and API).

	// Real time.
	app.GET("/ws", s.websocket)

	// Matchmaking and matches (pages and API).

	// Admin API: every route in this group is admin-only.
	admin := api.Group("/admin", s.requireAdmin)
	_ = admin

	// Unknown API paths answer in JSON like every other API error.
	api.Any("/*", s.apiNotFound)
}

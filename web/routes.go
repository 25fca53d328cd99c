package web

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// routes is the whole HTTP surface in one place.
func (s *Server) routes(e *echo.Echo) {
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: 301}))
	e.Use(requestIDs)
	e.Use(s.recoverPanics, s.logRequests, s.measure)
	e.Use(middleware.BodyLimit(s.cfg.BodyLimit))
	e.Use(securityHeaders)

	// Operations: no session, no CSRF.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if !s.cfg.SeparateMetrics {
		e.GET("/metrics", s.metricsHandler())
	}
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
	app.GET("/settings", s.settingsPage)
	app.POST("/settings/name", s.settingsNameSubmit)
	app.POST("/settings/upgrade", s.settingsUpgradeSubmit)
	app.POST("/settings/password", s.settingsPasswordSubmit)
	app.POST("/settings/sessions/end", s.settingsSessionsSubmit)
	app.POST("/settings/delete", s.settingsDeleteSubmit)

	// Admin pages: every route in this group is admin-only.
	adminPages := app.Group("/admin", s.requireAdmin)
	adminPages.GET("", s.adminDashboardPage)
	adminPages.GET("/players", s.adminPlayersPage)
	adminPages.GET("/players/:id", s.adminPlayerPage)
	adminPages.POST("/players/:id/rename", s.adminAction(s.adminRenameSubmit, "renamed"))
	adminPages.POST("/players/:id/ban", s.adminAction(s.adminBanSubmit, "banned"))
	adminPages.POST("/players/:id/unban", s.adminAction(s.adminUnbanSubmit, "unbanned"))
	adminPages.POST("/players/:id/sessions/end", s.adminAction(s.adminEndSessionsSubmit, "ended"))
	adminPages.POST("/players/:id/delete", s.adminAction(s.adminDeleteSubmit, "deleted"))
	adminPages.GET("/audit", s.adminAuditPage)
	adminPages.GET("/audit.csv", s.apiAdminAuditCSV)
	adminPages.POST("/players/:id/boards/:board/reset", s.adminResetPlayerScoresSubmit)
	adminPages.GET("/leaderboards", s.adminBoardsPage)
	adminPages.POST("/leaderboards", s.adminCreateBoardSubmit)
	adminPages.GET("/leaderboards/:id", s.adminBoardPage)
	adminPages.POST("/leaderboards/:id/title", s.adminRenameBoardSubmit)
	adminPages.POST("/leaderboards/:id/reset", s.adminResetBoardSubmit)
	adminPages.POST("/leaderboards/:id/records/:player_id/remove", s.adminRemoveRecordSubmit)
	adminPages.GET("/matches", s.adminMatchesPage)
	adminPages.POST("/matches/:id/cancel", s.adminCancelMatchSubmit)

	// JSON API.
	api := app.Group("/api/v1")
	api.POST("/auth/register", s.apiRegister)
	api.POST("/auth/login", s.apiLogin)
	api.POST("/auth/guest", s.apiGuest)
	api.POST("/auth/logout", s.apiLogout, s.requirePlayer)
	api.GET("/me", s.apiMe, s.requirePlayer)
	api.PATCH("/me", s.apiPatchMe, s.requirePlayer)
	api.POST("/me/upgrade", s.apiUpgrade, s.requirePlayer)
	api.POST("/me/password", s.apiChangePassword, s.requirePlayer)
	api.POST("/me/sessions/end", s.apiEndAllSessions, s.requirePlayer)
	api.DELETE("/me", s.apiDeleteMe, s.requirePlayer)
	api.GET("/players/:id", s.apiPlayer)
	api.GET("/players/:id/matches", s.apiPlayerMatches)
	api.GET("/players/:id/ratings/:mode", s.apiPlayerRatings)

	// The API described for integrators: the document and its rendering.
	api.GET("/openapi.json", s.apiOpenAPI)
	app.GET("/api/docs", s.apiDocsPage)

	// Leaderboards and Target Rush (pages and API).
	app.GET("/leaderboards", s.boardsPage)
	app.GET("/leaderboards/:id", s.boardPage)
	app.GET("/players/:id", s.profilePage)
	app.GET("/play/target-rush", s.targetRushPage)
	api.GET("/leaderboards", s.apiBoards)
	api.GET("/leaderboards/:id", s.apiBoard)
	api.GET("/leaderboards/:id/around/:player_id", s.apiBoardAround)
	api.GET("/leaderboards/:id/players/:player_id", s.apiBoardPlayer)
	api.GET("/leaderboards/:id/find", s.apiBoardFind)
	api.GET("/leaderboards/:id/place", s.apiBoardPlace)
	api.POST("/leaderboards/:id/scores", s.apiSubmitScore, s.requirePlayer)
	api.POST("/games/target-rush/runs", s.apiStartRun, s.requirePlayer)

	// Real time.
	app.GET("/ws", s.websocket)

	// Matchmaking and matches (pages and API).
	app.GET("/play/connect4", s.connect4Page)
	app.GET("/matches/:id", s.matchPage)
	app.GET("/live", s.livePage)
	api.GET("/matches", s.apiMatches)
	api.POST("/matchmaking/:mode/tickets", s.apiCreateTicket, s.requirePlayer)
	api.GET("/matchmaking/tickets/:id", s.apiTicket, s.requirePlayer)
	api.DELETE("/matchmaking/tickets/:id", s.apiDeleteTicket, s.requirePlayer)
	api.GET("/matches/:id", s.apiMatch)
	api.POST("/matches/:id/moves", s.apiMove, s.requirePlayer)
	api.POST("/matches/:id/resign", s.apiResign, s.requirePlayer)

	// Admin API: every route in this group is admin-only.
	admin := api.Group("/admin", s.requireAdmin)
	admin.GET("/players", s.apiAdminPlayers)
	admin.GET("/players/:id", s.apiAdminPlayer)
	admin.PATCH("/players/:id", s.apiAdminPatchPlayer)
	admin.DELETE("/players/:id", s.apiAdminDeletePlayer)
	admin.POST("/players/:id/ban", s.apiAdminBan)
	admin.POST("/players/:id/unban", s.apiAdminUnban)
	admin.GET("/players/:id/sessions", s.apiAdminSessions)
	admin.POST("/players/:id/sessions/end", s.apiAdminEndSessions)
	admin.GET("/audit", s.apiAdminAudit)
	admin.GET("/audit.csv", s.apiAdminAuditCSV)
	admin.POST("/leaderboards", s.apiCreateBoard)
	admin.PATCH("/leaderboards/:id", s.apiAdminRenameBoard)
	admin.POST("/leaderboards/:id/reset", s.apiAdminResetBoard)
	admin.DELETE("/leaderboards/:id/records/:player_id", s.apiAdminRemoveRecord)
	admin.POST("/players/:id/leaderboards/:board/reset", s.apiAdminResetPlayerScores)
	admin.GET("/matches", s.apiAdminMatches)
	admin.POST("/matches/:id/cancel", s.apiAdminCancelMatch)
	admin.GET("/stats", s.apiAdminStats)

	// Unknown API paths answer in JSON like every other API error.
	api.Any("/*", s.apiNotFound)
}

# Build a static binary, then ship it alone on a distroless base. Base
# images are pinned so a rebuild gets the same toolchain and runtime.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ladder ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ladder /ladder
ENV ADDR=:8080
EXPOSE 8080
USER nonroot
# The image has no shell or curl: the binary checks its own /readyz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/ladder", "healthcheck"]
ENTRYPOINT ["/ladder"]

# Build a static binary, then ship it alone on a distroless base.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/ladder ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ladder /ladder
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/ladder"]

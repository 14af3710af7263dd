# The wfc connector: wfc-connector (what `wfc connector serve` starts) on the
# port Flyte connectors use, reading secrets and allowlists from the mounted
# Secret (docs/connector.md).
#
#     docker build -t wfc-connector .
FROM golang:1.26 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /out/wfc-connector ./cmd/wfc-connector

# Static, non-root, with the CA certificates https needs, and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wfc-connector /wfc-connector
EXPOSE 8000
ENTRYPOINT ["/wfc-connector", "serve", "--addr", "0.0.0.0:8000", "--secrets-dir", "/etc/secrets"]

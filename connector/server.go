package connector

import (
	"context"
	"log/slog"
	"net"
	"time"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/service"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/wfc-lang/wfc/nodes/webhook"
)

// MaxMessageBytes caps a request message (a template with its inputs), as
// grpc-go's default does; said here because it is a limit users meet.
const MaxMessageBytes = 4 << 20

// Options configure a Server.
type Options struct {
	// Secrets is where {secrets.NAME} and allowlists are found.
	Secrets Secrets
	// ServeWebhook also serves flytekit's "webhook" type, as a drop-in
	// for flytekit's connector.
	ServeWebhook bool
	// MaxParallel sizes the executor's per-host connection pool (as wfc
	// run's --max-parallel); 0 means the runtime's default.
	MaxParallel int
	// Logger receives one structured line per task and the server's own
	// events; nil means none.
	Logger *slog.Logger
}

// Server implements the connector's gRPC services.
type Server struct {
	service.UnimplementedSyncAgentServiceServer
	service.UnimplementedAgentMetadataServiceServer

	opts   Options
	exec   *webhook.Executor
	tasks  *taskCache
	log    *slog.Logger
	health *health.Server
}

// New returns a Server with its own webhook executor (one connection pool
// for every task it runs).
func New(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	exec := webhook.New(webhook.Options{MaxParallel: opts.MaxParallel})
	return &Server{
		opts:   opts,
		exec:   exec,
		tasks:  newTaskCache(exec.Forget),
		log:    log,
		health: health.NewServer(),
	}
}

// Register adds the sync, metadata and health services to g, each marked
// SERVING in health (the "" entry already is), as flytekit's server does.
func (s *Server) Register(g *grpc.Server) {
	service.RegisterSyncAgentServiceServer(g, s)
	service.RegisterAgentMetadataServiceServer(g, s)
	healthpb.RegisterHealthServer(g, s.health)
	for _, name := range []string{
		service.SyncAgentService_ServiceDesc.ServiceName,
		service.AgentMetadataService_ServiceDesc.ServiceName,
		healthpb.Health_ServiceDesc.ServiceName,
	} {
		s.health.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
}

// Close drops the executor's idle connections.
func (s *Server) Close() { s.exec.Close() }

// Serve serves on lis until ctx ends, then reports NOT_SERVING, lets the
// calls in flight finish for up to grace, and stops.
func (s *Server) Serve(ctx context.Context, lis net.Listener, grace time.Duration) error {
	g := grpc.NewServer(grpc.MaxRecvMsgSize(MaxMessageBytes))
	s.Register(g)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		s.health.Shutdown()
		done := make(chan struct{})
		go func() { g.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-time.After(grace):
			g.Stop()
		}
	}()
	s.log.Info("serving", "addr", lis.Addr().String(), "task_types", s.taskTypes())
	err := g.Serve(lis)
	if ctx.Err() != nil {
		<-stopped
		err = nil
	}
	s.Close()
	return err
}

// taskTypes lists the task types served.
func (s *Server) taskTypes() []string {
	if s.opts.ServeWebhook {
		return []string{FlyteWebhookType, TaskType}
	}
	return []string{TaskType}
}

package connector

import (
	"context"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/admin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// AgentName is the connector's name in ListAgents and GetAgent.
const AgentName = "wfc connector"

// agent describes the connector as propeller's discovery reads it: sync,
// with each task type as a category at version 0 and, as flytekit also
// fills it, in the deprecated supported_task_types.
func (s *Server) agent() *admin.Agent {
	a := &admin.Agent{Name: AgentName, IsSync: true}
	for _, t := range s.taskTypes() {
		a.SupportedTaskTypes = append(a.SupportedTaskTypes, t)
		a.SupportedTaskCategories = append(a.SupportedTaskCategories, &admin.TaskCategory{Name: t, Version: 0})
	}
	return a
}

// ListAgents implements AgentMetadataService; propeller calls it at start-up
// and every poll interval to learn which task types go to the sync path.
func (s *Server) ListAgents(context.Context, *admin.ListAgentsRequest) (*admin.ListAgentsResponse, error) {
	return &admin.ListAgentsResponse{Agents: []*admin.Agent{s.agent()}}, nil
}

// GetAgent implements AgentMetadataService (propeller never calls it).
func (s *Server) GetAgent(_ context.Context, req *admin.GetAgentRequest) (*admin.GetAgentResponse, error) {
	if req.GetName() != AgentName {
		return nil, status.Errorf(codes.NotFound, "no connector named %q; this one is %q", req.GetName(), AgentName)
	}
	return &admin.GetAgentResponse{Agent: s.agent()}, nil
}

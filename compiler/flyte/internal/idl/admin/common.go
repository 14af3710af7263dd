package admin

import "github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"

// EmailNotification is flyteidl.admin.EmailNotification.
type EmailNotification struct {
	RecipientsEmail []string `pb:"1,recipientsEmail"`
}

func (x *EmailNotification) GetRecipientsEmail() []string {
	if x != nil {
		return x.RecipientsEmail
	}
	return nil
}

// PagerDutyNotification is flyteidl.admin.PagerDutyNotification.
type PagerDutyNotification struct {
	RecipientsEmail []string `pb:"1,recipientsEmail"`
}

func (x *PagerDutyNotification) GetRecipientsEmail() []string {
	if x != nil {
		return x.RecipientsEmail
	}
	return nil
}

// SlackNotification is flyteidl.admin.SlackNotification.
type SlackNotification struct {
	RecipientsEmail []string `pb:"1,recipientsEmail"`
}

func (x *SlackNotification) GetRecipientsEmail() []string {
	if x != nil {
		return x.RecipientsEmail
	}
	return nil
}

// Notification is flyteidl.admin.Notification.
type Notification struct {
	Phases []core.WorkflowExecution_Phase `pb:"1,phases"`
	Type   isNotification_Type            `pb:"oneof"`
}

type isNotification_Type interface{ isNotification_Type() }

type (
	Notification_Email struct {
		Email *EmailNotification `pb:"2,email"`
	}
	Notification_PagerDuty struct {
		PagerDuty *PagerDutyNotification `pb:"3,pagerDuty"`
	}
	Notification_Slack struct {
		Slack *SlackNotification `pb:"4,slack"`
	}
)

func (*Notification_Email) isNotification_Type()     {}
func (*Notification_PagerDuty) isNotification_Type() {}
func (*Notification_Slack) isNotification_Type()     {}

func (x *Notification) GetPhases() []core.WorkflowExecution_Phase {
	if x != nil {
		return x.Phases
	}
	return nil
}

func (x *Notification) GetType() isNotification_Type {
	if x != nil {
		return x.Type
	}
	return nil
}

func (x *Notification) GetEmail() *EmailNotification {
	if v, ok := x.GetType().(*Notification_Email); ok {
		return v.Email
	}
	return nil
}

func (x *Notification) GetPagerDuty() *PagerDutyNotification {
	if v, ok := x.GetType().(*Notification_PagerDuty); ok {
		return v.PagerDuty
	}
	return nil
}

func (x *Notification) GetSlack() *SlackNotification {
	if v, ok := x.GetType().(*Notification_Slack); ok {
		return v.Slack
	}
	return nil
}

// Labels is flyteidl.admin.Labels.
type Labels struct {
	Values map[string]string `pb:"1,values"`
}

func (x *Labels) GetValues() map[string]string {
	if x != nil {
		return x.Values
	}
	return nil
}

// Annotations is flyteidl.admin.Annotations.
type Annotations struct {
	Values map[string]string `pb:"1,values"`
}

func (x *Annotations) GetValues() map[string]string {
	if x != nil {
		return x.Values
	}
	return nil
}

// RawOutputDataConfig is flyteidl.admin.RawOutputDataConfig.
type RawOutputDataConfig struct {
	OutputLocationPrefix string `pb:"1,outputLocationPrefix"`
}

func (x *RawOutputDataConfig) GetOutputLocationPrefix() string {
	if x != nil {
		return x.OutputLocationPrefix
	}
	return ""
}

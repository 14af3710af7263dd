package admin

// FixedRateUnit is flyteidl.admin.FixedRateUnit.
type FixedRateUnit int32

const (
	FixedRateUnit_MINUTE FixedRateUnit = 0
	FixedRateUnit_HOUR   FixedRateUnit = 1
	FixedRateUnit_DAY    FixedRateUnit = 2
)

var FixedRateUnit_name = map[int32]string{
	0: "MINUTE",
	1: "HOUR",
	2: "DAY",
}

func (x FixedRateUnit) String() string { return FixedRateUnit_name[int32(x)] }

// FixedRate is flyteidl.admin.FixedRate.
type FixedRate struct {
	Value uint32        `pb:"1,value"`
	Unit  FixedRateUnit `pb:"2,unit"`
}

func (x *FixedRate) GetValue() uint32 {
	if x != nil {
		return x.Value
	}
	return 0
}

func (x *FixedRate) GetUnit() FixedRateUnit {
	if x != nil {
		return x.Unit
	}
	return FixedRateUnit_MINUTE
}

// CronSchedule is flyteidl.admin.CronSchedule.
type CronSchedule struct {
	Schedule string `pb:"1,schedule"`
}

func (x *CronSchedule) GetSchedule() string {
	if x != nil {
		return x.Schedule
	}
	return ""
}

// Schedule is flyteidl.admin.Schedule.
type Schedule struct {
	ScheduleExpression  isSchedule_ScheduleExpression `pb:"oneof"`
	KickoffTimeInputArg string                        `pb:"3,kickoffTimeInputArg"`
}

type isSchedule_ScheduleExpression interface {
	isSchedule_ScheduleExpression()
}

type (
	Schedule_Rate struct {
		Rate *FixedRate `pb:"2,rate"`
	}
	Schedule_CronSchedule struct {
		CronSchedule *CronSchedule `pb:"4,cronSchedule"`
	}
)

func (*Schedule_Rate) isSchedule_ScheduleExpression()         {}
func (*Schedule_CronSchedule) isSchedule_ScheduleExpression() {}

func (x *Schedule) GetScheduleExpression() isSchedule_ScheduleExpression {
	if x != nil {
		return x.ScheduleExpression
	}
	return nil
}

func (x *Schedule) GetRate() *FixedRate {
	if v, ok := x.GetScheduleExpression().(*Schedule_Rate); ok {
		return v.Rate
	}
	return nil
}

func (x *Schedule) GetCronSchedule() *CronSchedule {
	if v, ok := x.GetScheduleExpression().(*Schedule_CronSchedule); ok {
		return v.CronSchedule
	}
	return nil
}

func (x *Schedule) GetKickoffTimeInputArg() string {
	if x != nil {
		return x.KickoffTimeInputArg
	}
	return ""
}

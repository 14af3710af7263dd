package admin

// DescriptionFormat is flyteidl.admin.DescriptionFormat.
type DescriptionFormat int32

const (
	DescriptionFormat_DESCRIPTION_FORMAT_UNKNOWN  DescriptionFormat = 0
	DescriptionFormat_DESCRIPTION_FORMAT_MARKDOWN DescriptionFormat = 1
	DescriptionFormat_DESCRIPTION_FORMAT_HTML     DescriptionFormat = 2
	DescriptionFormat_DESCRIPTION_FORMAT_RST      DescriptionFormat = 3
)

var DescriptionFormat_name = map[int32]string{
	0: "DESCRIPTION_FORMAT_UNKNOWN",
	1: "DESCRIPTION_FORMAT_MARKDOWN",
	2: "DESCRIPTION_FORMAT_HTML",
	3: "DESCRIPTION_FORMAT_RST",
}

func (x DescriptionFormat) String() string { return DescriptionFormat_name[int32(x)] }

// DescriptionEntity is flyteidl.admin.DescriptionEntity.
type DescriptionEntity struct {
	ShortDescription string       `pb:"2,shortDescription"`
	LongDescription  *Description `pb:"3,longDescription"`
}

func (x *DescriptionEntity) GetShortDescription() string {
	if x != nil {
		return x.ShortDescription
	}
	return ""
}

func (x *DescriptionEntity) GetLongDescription() *Description {
	if x != nil {
		return x.LongDescription
	}
	return nil
}

// Description is flyteidl.admin.Description.
type Description struct {
	Content  isDescription_Content `pb:"oneof"`
	Format   DescriptionFormat     `pb:"3,format"`
	IconLink string                `pb:"4,iconLink"`
}

type isDescription_Content interface{ isDescription_Content() }

type (
	Description_Value struct {
		Value string `pb:"1,value"`
	}
	Description_Uri struct {
		Uri string `pb:"2,uri"`
	}
)

func (*Description_Value) isDescription_Content() {}
func (*Description_Uri) isDescription_Content()   {}

func (x *Description) GetContent() isDescription_Content {
	if x != nil {
		return x.Content
	}
	return nil
}

func (x *Description) GetValue() string {
	if v, ok := x.GetContent().(*Description_Value); ok {
		return v.Value
	}
	return ""
}

func (x *Description) GetUri() string {
	if v, ok := x.GetContent().(*Description_Uri); ok {
		return v.Uri
	}
	return ""
}

func (x *Description) GetFormat() DescriptionFormat {
	if x != nil {
		return x.Format
	}
	return DescriptionFormat_DESCRIPTION_FORMAT_UNKNOWN
}

func (x *Description) GetIconLink() string {
	if x != nil {
		return x.IconLink
	}
	return ""
}

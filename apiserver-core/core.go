// Package main is the API-server core of cdk8s-node-daemons: the pinned Kubernetes release's own decoding,
// defaulting, conversion, create validation and warnings, Pod Security checks and kubectl's YAML reading,
// compiled to WebAssembly and called from the library (src/validation/core/).
//
// Everything here calls upstream code; the only logic of our own is the plumbing of a create request:
// which scheme and registry strategy serve a kind, and how results are reported.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/uuid"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
)

// A kind the core judges: the scheme that decodes it and the strategy of its registry (what the API server runs
// on a create request for it).
type kindEntry struct {
	scheme   *runtime.Scheme
	strategy rest.RESTCreateStrategy
	// the group-versions the API server serves this kind in by default
	served map[string]bool
	// the resource (plural) of the kind
	resource string
}

func apiPrefix(group string) string {
	if group == "" {
		return "api"
	}
	return "apis"
}

type codecs struct {
	strict runtime.Serializer
}

var codecsByScheme = map[*runtime.Scheme]*codecs{}

func codecsFor(s *runtime.Scheme) *codecs {
	if c, ok := codecsByScheme[s]; ok {
		return c
	}
	// the server's strict JSON serializer (serializer.NewCodecFactory with EnableStrict), whose reading of
	// apiVersion and kind comes from the head the core already has (knownHead)
	c := &codecs{strict: kjson.NewSerializerWithOptions(knownHead, s, s, kjson.SerializerOptions{Strict: true})}
	codecsByScheme[s] = c
	return c
}

// headFactory is the serializer's reader of apiVersion and kind (json.SimpleMetaFactory): for the text being
// decoded it answers the head the core read before (from the caller or its own decoding), instead of decoding
// the whole text once more for it; for any other text it is the default reader.
type headFactory struct {
	data []byte
	head typeHead
}

var knownHead = &headFactory{}

func (f *headFactory) set(data []byte, head typeHead) { f.data, f.head = data, head }
func (f *headFactory) clear()                         { f.data = nil }

func (f *headFactory) Interpret(data []byte) (*schema.GroupVersionKind, error) {
	if f.data == nil || len(data) != len(f.data) || len(data) == 0 || &data[0] != &f.data[0] {
		return kjson.DefaultMetaFactory.Interpret(data)
	}
	gv, err := schema.ParseGroupVersion(f.head.APIVersion)
	if err != nil {
		return nil, err
	}
	return &schema.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: f.head.Kind}, nil
}

// Cause is one error of the server's answer: a cause of an Invalid status, a strict decoding error, or the
// message of another rejection.
type Cause struct {
	// Type: the cause type of a field error (FieldValueInvalid, ...), or UnknownField, DuplicateField,
	// Decode (the body cannot be decoded), NotFound (no such API version or kind), BadRequest, Internal.
	Type    string `json:"type"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Violation is a failed Pod Security check.
type Violation struct {
	Check  string `json:"check"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// PodSecurity is the Pod Security level an object's pods need, with what fails the stricter levels.
type PodSecurity struct {
	Level      string      `json:"level"`
	Baseline   []Violation `json:"baseline,omitempty"`
	Restricted []Violation `json:"restricted,omitempty"`
}

// Result is the answer for one object.
type Result struct {
	// Status: "validated" (a built-in kind or a custom resource whose CustomResourceDefinition is in the batch,
	// judged), "custom" (a group the server does not serve by itself: a custom resource without its definition), "unjudged" (a built-in kind the core does not validate), "rejected" (the request
	// itself is refused: version or kind not served, undecodable).
	Status      string       `json:"status"`
	Errors      []Cause      `json:"errors,omitempty"`
	Warnings    []string     `json:"warnings,omitempty"`
	PodSecurity *PodSecurity `json:"podSecurity,omitempty"`
	// Kinds: for a kind the group-version does not serve, the kinds it does (for suggestions)
	Kinds []string `json:"kinds,omitempty"`
}

// warningRecorder collects a request's warnings as the server's recorder does (endpoints/filters/warning.go): each
// text once. (The server also truncates them past 4,096 characters in all; the core keeps them whole.)
type warningRecorder struct{ warnings []string }

func (w *warningRecorder) AddWarning(agent, text string) {
	if text == "" {
		return
	}
	for _, seen := range w.warnings {
		if seen == text {
			return
		}
	}
	w.warnings = append(w.warnings, text)
}

// judge runs one object through what kube-apiserver does on `POST` with fieldValidation=Strict and dryRun=All:
// strict decoding, defaulting, conversion to the internal version, the registry strategy's create preparation
// (dropping fields of disabled features), validation (imperative and declarative), metadata validation and the
// create warnings.
func judge(it *item, opts batchOptions, now metav1.Time) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{Status: "rejected", Errors: []Cause{{Type: "Internal", Message: fmt.Sprintf("internal error: %v", r)}}}
		}
	}()
	data := it.data
	if err := it.readHead(); err != nil {
		return Result{Status: "rejected", Errors: []Cause{{Type: "Decode", Message: err.Error()}}}
	}
	head := it.head
	knownHead.set(data, head)
	defer knownHead.clear()
	gv, err := schema.ParseGroupVersion(head.APIVersion)
	if err != nil {
		return Result{Status: "rejected", Errors: []Cause{{Type: "NotFound", Field: "apiVersion", Message: err.Error()}}}
	}
	gvk := gv.WithKind(head.Kind)
	group, known := groups[gv.Group]
	if !known {
		return judgeCustom(data, gvk, now)
	}
	if !group.served[gv.Version] {
		served := "no version of " + groupName(gv.Group) + " is served by default"
		if len(group.served) > 0 {
			served = "served versions of " + groupName(gv.Group) + ": " + strings.Join(sortedKeys(group.served), ", ")
		}
		return Result{Status: "rejected", Errors: []Cause{{Type: "NotFound", Field: "apiVersion", Message: fmt.Sprintf(
			"the server could not find the requested resource: %s is not served (%s)", head.APIVersion, served)}}}
	}
	entry, ok := group.kinds[head.Kind]
	if !ok || !entry.served[gv.Version] {
		return Result{Status: "rejected", Kinds: group.kindsIn(gv.Version), Errors: []Cause{{Type: "NotFound", Field: "kind", Message: fmt.Sprintf(
			"the server could not find the requested resource: %s has no kind %q", head.APIVersion, head.Kind)}}}
	}
	if entry.strategy == nil {
		return Result{Status: "unjudged"}
	}
	c := codecsFor(entry.scheme)

	// decoding (strict), as the create handler does it
	versioned, _, decErr := c.strict.Decode(data, &gvk, nil)
	var causes []Cause
	if decErr != nil {
		strictErr, isStrict := runtime.AsStrictDecodingError(decErr)
		if !isStrict || versioned == nil {
			return Result{Status: "rejected", Errors: []Cause{{Type: "Decode", Message: fmt.Sprintf(
				"%s in version %q cannot be handled as a %s: %v", head.Kind, gv.Version, head.Kind, decErr)}}}
		}
		for _, e := range strictErr.Errors() {
			causes = append(causes, strictCause(e))
		}
	}
	entry.scheme.Default(versioned)
	if it.crd {
		it.versioned = versioned // for registerCRD
	}
	// as the server's decoder converts (versioning codec: runtime.UnsafeObjectConvertor): the internal object may
	// share memory with the versioned one, which is why Pod Security reads the versioned object before the
	// registry's create preparation changes the internal one
	internal, err := entry.scheme.UnsafeConvertToVersion(versioned, schema.GroupVersion{Group: gv.Group, Version: runtime.APIVersionInternal})
	if err != nil {
		return Result{Status: "rejected", Errors: append(causes, Cause{Type: "Decode", Message: err.Error()})}
	}

	res = Result{Status: "validated"}
	if opts.podSecurity() {
		res.PodSecurity = podSecurity(versioned)
	}
	rec := &warningRecorder{}
	// the handler's warning for a deprecated kind comes first, then the registry's
	rec.AddWarning("", kindDeprecationWarning(versioned, gvk))
	if causes == nil {
		causes = create(entry, gvk, internal, rec, now)
	}
	res.Errors = causes
	res.Warnings = rec.warnings
	return res
}

// create is the registry's part of a create request (rest.BeforeCreate after the store's metadata filling), then
// the validating admission plugins that judge the object alone (admit).
func create(entry *kindEntry, gvk schema.GroupVersionKind, obj runtime.Object, rec *warningRecorder, now metav1.Time) []Cause {
	objMeta, err := meta.Accessor(obj)
	if err != nil {
		return []Cause{{Type: "Internal", Message: err.Error()}}
	}
	ns := ""
	if entry.strategy.NamespaceScoped() {
		ns = objMeta.GetNamespace()
		if ns == "" {
			ns = metav1.NamespaceDefault
		}
	}
	ctx := genericapirequest.WithNamespace(context.Background(), ns)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: "create", APIPrefix: apiPrefix(gvk.Group), APIGroup: gvk.Group,
		APIVersion: gvk.Version, Namespace: ns, Resource: entry.resource, Name: objMeta.GetName(),
	})
	ctx = warning.WithWarningRecorder(ctx, rec)
	if objMeta.GetName() == "" && objMeta.GetGenerateName() != "" {
		objMeta.SetName(entry.strategy.GenerateName(objMeta.GetGenerateName()))
	}
	// what rest.FillObjectMetaSystemFields does, with the batch's creation time
	objMeta.SetCreationTimestamp(now)
	objMeta.SetUID(uuid.NewUUID())
	allocate(obj)
	if err := rest.BeforeCreate(entry.strategy, ctx, obj); err != nil {
		return statusCauses(err)
	}
	// then the validating admission plugins (admission.go)
	return admit(gvk, obj)
}

// strictCause turns one strict decoding error (`unknown field "spec.x"`, `duplicate field "y"`) into a cause.
func strictCause(e error) Cause {
	msg := e.Error()
	for _, p := range []struct{ prefix, typ string }{{"unknown field ", "UnknownField"}, {"duplicate field ", "DuplicateField"}} {
		if strings.HasPrefix(msg, p.prefix) {
			f := strings.TrimPrefix(msg, p.prefix)
			var unq string
			if err := json.Unmarshal([]byte(f), &unq); err == nil {
				f = unq
			}
			return Cause{Type: p.typ, Field: f, Message: msg}
		}
	}
	return Cause{Type: "Decode", Message: msg}
}

func groupName(g string) string {
	if g == "" {
		return "the core group"
	}
	return g
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

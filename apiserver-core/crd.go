//go:build !small

package main

// Custom resources: the CustomResourceDefinitions of a batch register their kinds, and a custom resource of such a
// kind is judged as the apiextensions-apiserver inside kube-apiserver judges a create: strict decoding with
// pruning of unknown fields (pkg/apiserver/customresource_handler.go: schemaCoercingDecoder and
// unstructuredSchemaCoercer), defaulting from the structural schema, then the custom resource strategy (its
// registry package also holds etcd storage, which GOOS=js cannot compile, so its create steps are called here one
// by one from the packages they live in): OpenAPI schema validation, metadata validation, embedded resources,
// list-type invariants, scale paths and x-kubernetes-validations CEL rules.

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"k8s.io/apiextensions-apiserver/pkg/apihelpers"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsinstall "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiextensions-apiserver/pkg/crdserverscheme"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/operation"
	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/sets"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/version"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/storage/names"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// crdScheme decodes, defaults and converts CustomResourceDefinitions (the apiextensions-apiserver's scheme).
var crdScheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	apiextensionsinstall.Install(s)
	return s
}()

// crdCreateStrategy is the CustomResourceDefinition registry's create strategy: upstream's
// (pkg/registry/customresourcedefinition, compiled without its etcd storage: build.sh), with its status clearing,
// the fields of disabled features dropped, the validation and the warnings (unrecognized formats, list-type sets of
// non-scalars).
var crdCreateStrategy = customresourcedefinition.NewStrategy(crdScheme)

// customKind is a kind served by a CustomResourceDefinition of the batch.
type customKind struct {
	crd      *apiextensionsv1.CustomResourceDefinition
	versions map[string]*customVersion
}

// customVersion is what the API server builds to serve one version of a CustomResourceDefinition.
type customVersion struct {
	err        error
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	celRules   *cel.Validator
	status     bool
	scale      *apiextensions.CustomResourceSubresourceScale
	warnings   []string
}

// customKinds: the kinds registered by the CustomResourceDefinitions of the current batch.
var customKinds = map[schema.GroupKind]*customKind{}

func resetCustomKinds() { customKinds = map[schema.GroupKind]*customKind{} }

// isCRD tells a CustomResourceDefinition of the served version.
func isCRD(apiVersion, kind string) bool {
	return apiVersion == "apiextensions.k8s.io/v1" && kind == "CustomResourceDefinition"
}

// registerCRD serves the kind of a CustomResourceDefinition the core accepted, for the rest of the batch: obj is
// the object as judge decoded and defaulted it (the registry's create preparation changes only the internal copy).
func registerCRD(obj runtime.Object) {
	crd, ok := obj.(*apiextensionsv1.CustomResourceDefinition)
	if !ok {
		return
	}
	customKinds[schema.GroupKind{Group: crd.Spec.Group, Kind: crd.Spec.Names.Kind}] = &customKind{crd: crd, versions: map[string]*customVersion{}}
}

// version builds (once) what serving version v needs, as the custom resource handler does
// (crdHandler.getOrCreateServingInfoFor).
func (k *customKind) version(v string) *customVersion {
	if cv, ok := k.versions[v]; ok {
		return cv
	}
	cv := &customVersion{}
	k.versions[v] = cv
	broken := fmt.Errorf("the server could not properly serve the CR schema")
	val, err := apihelpers.GetSchemaForVersion(k.crd, v)
	if err != nil || val == nil {
		cv.err = broken
		return cv
	}
	internal := &apiextensions.CustomResourceValidation{}
	if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(val, internal, nil); err != nil {
		cv.err = err
		return cv
	}
	s, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
	if err != nil {
		cv.err = broken
		return cv
	}
	s = s.DeepCopy()
	if err := structuraldefaulting.PruneDefaults(s); err != nil {
		cv.err = broken
		return cv
	}
	cv.structural = s
	if cv.validator, _, err = apiservervalidation.NewSchemaValidator(internal.OpenAPIV3Schema); err != nil {
		cv.err = err
		return cv
	}
	cv.celRules = cel.NewValidator(s, true, celconfig.PerCallLimit)
	sub, err := apihelpers.GetSubresourcesForVersion(k.crd, v)
	if err != nil {
		cv.err = err
		return cv
	}
	if sub != nil {
		cv.status = sub.Status != nil
		if sub.Scale != nil {
			cv.scale = &apiextensions.CustomResourceSubresourceScale{}
			if err := apiextensionsv1.Convert_v1_CustomResourceSubresourceScale_To_apiextensions_CustomResourceSubresourceScale(sub.Scale, cv.scale, nil); err != nil {
				cv.err = err
				return cv
			}
		}
	}
	for _, ver := range k.crd.Spec.Versions {
		if ver.Name == v && ver.Deprecated {
			if ver.DeprecationWarning != nil {
				cv.warnings = append(cv.warnings, *ver.DeprecationWarning)
			} else {
				cv.warnings = append(cv.warnings, deprecationWarning(v, k.crd.Spec))
			}
		}
	}
	return cv
}

// deprecationWarning is the server's default warning for a deprecated version (defaultDeprecationWarning).
func deprecationWarning(deprecated string, spec apiextensionsv1.CustomResourceDefinitionSpec) string {
	msg := fmt.Sprintf("%s/%s %s is deprecated", spec.Group, deprecated, spec.Names.Kind)
	var newer []string
	for _, v := range spec.Versions {
		if v.Served && !v.Deprecated && version.CompareKubeAwareVersionStrings(deprecated, v.Name) < 0 {
			newer = append(newer, v.Name)
		}
	}
	if len(newer) == 0 {
		return msg
	}
	sort.Slice(newer, func(i, j int) bool { return version.CompareKubeAwareVersionStrings(newer[i], newer[j]) > 0 })
	return msg + fmt.Sprintf("; use %s/%s %s", spec.Group, newer[0], spec.Names.Kind)
}

type unstructuredCreator struct{}

func (unstructuredCreator) New(kind schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(kind)
	return u, nil
}

var crStrictDecoder = kjson.NewSerializerWithOptions(knownHead, unstructuredCreator{}, crdserverscheme.NewUnstructuredObjectTyper(), kjson.SerializerOptions{Strict: true})

// judgeCustom judges a custom resource whose CustomResourceDefinition is in the batch; "custom" when none is.
func judgeCustom(data []byte, gvk schema.GroupVersionKind, now metav1.Time) Result {
	k := customKinds[gvk.GroupKind()]
	if k == nil {
		return Result{Status: "custom"}
	}
	var served []string
	isServed := false
	for _, v := range k.crd.Spec.Versions {
		if v.Served {
			served = append(served, v.Name)
			isServed = isServed || v.Name == gvk.Version
		}
	}
	if !isServed {
		return Result{Status: "rejected", Errors: []Cause{{Type: "NotFound", Field: "apiVersion", Message: fmt.Sprintf(
			"no matches for kind %q in version %q: the CustomResourceDefinition %s serves %s in %s", gvk.Kind, gvk.GroupVersion().String(),
			k.crd.Name, gvk.Kind, strings.Join(served, ", "))}}}
	}
	cv := k.version(gvk.Version)
	if cv.err != nil {
		return Result{Status: "rejected", Errors: []Cause{{Type: "Internal", Message: cv.err.Error()}}}
	}

	// decoding (strict), then pruning and metadata coercion with the unknown fields they find
	obj, _, decErr := crStrictDecoder.Decode(data, &gvk, &unstructured.Unstructured{})
	var strictErrs []error
	if decErr != nil {
		se, ok := runtime.AsStrictDecodingError(decErr)
		if !ok || obj == nil {
			return Result{Status: "rejected", Errors: []Cause{{Type: "Decode", Message: decErr.Error()}}}
		}
		strictErrs = se.Errors()
	}
	u := obj.(*unstructured.Unstructured)
	unknown, err := coerce(u, cv.structural)
	if err != nil {
		return Result{Status: "rejected", Errors: []Cause{{Type: "Decode", Message: fmt.Sprintf(
			"%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err)}}}
	}
	for _, p := range unknown {
		strictErrs = append(strictErrs, fmt.Errorf(`unknown field "%s"`, p))
	}
	res := Result{Status: "validated"}
	if len(strictErrs) > 0 {
		for _, e := range strictErrs {
			res.Errors = append(res.Errors, strictCause(e))
		}
		return res
	}
	structuraldefaulting.Default(u.Object, cv.structural)

	namespaced := k.crd.Spec.Scope == apiextensionsv1.NamespaceScoped
	entry := &kindEntry{resource: k.crd.Spec.Names.Plural, strategy: crStrategy{
		ObjectTyper: crdserverscheme.NewUnstructuredObjectTyper(), NameGenerator: names.SimpleNameGenerator,
		namespaced: namespaced, gvk: gvk, v: cv,
	}}
	rec := &warningRecorder{warnings: append([]string(nil), cv.warnings...)}
	res.Errors = create(entry, gvk, u, rec, now)
	res.Warnings = rec.warnings
	return res
}

// coerce is unstructuredSchemaCoercer.apply for a strict create: ObjectMeta read back as the server's type,
// unknown fields pruned (and listed), non-nullable nulls without defaults dropped, embedded metadata coerced.
func coerce(u *unstructured.Unstructured, s *structuralschema.Structural) ([]string, error) {
	kind, apiVersion := u.GetKind(), u.GetAPIVersion()
	objectMeta, foundMeta, unknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return nil, err
	}
	unknown = append(unknown, structuralpruning.PruneWithOptions(u.Object, s, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, s)
	ferr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, s, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if ferr != nil {
		return nil, ferr
	}
	unknown = append(unknown, paths...)
	u.SetKind(kind)
	u.SetAPIVersion(apiVersion)
	if foundMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, objectMeta); err != nil {
			return nil, err
		}
	}
	return unknown, nil
}

// crStrategy is the custom resource registry's create strategy for one version (pkg/registry/customresource).
type crStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
	namespaced bool
	gvk        schema.GroupVersionKind
	v          *customVersion
}

func (s crStrategy) NamespaceScoped() bool { return s.namespaced }

func (s crStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	if s.v.status {
		delete(obj.(*unstructured.Unstructured).Object, "status")
	}
	a, _ := meta.Accessor(obj)
	a.SetGeneration(1)
}

// Validate: metadata, the OpenAPI schema, scale paths, embedded resources, list types, then the CEL rules unless
// a blocking error came first (customResourceStrategy.Validate and customResourceValidator.Validate).
func (s crStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	u := obj.(*unstructured.Unstructured)
	var errs field.ErrorList
	if u.GetKind() != s.gvk.Kind {
		errs = append(errs, field.Invalid(field.NewPath("kind"), u.GetKind(), fmt.Sprintf("must be %v", s.gvk.Kind)))
	}
	if u.GetAPIVersion() != s.gvk.Group+"/"+s.gvk.Version {
		errs = append(errs, field.Invalid(field.NewPath("apiVersion"), u.GetAPIVersion(), fmt.Sprintf("must be %v", s.gvk.Group+"/"+s.gvk.Version)))
	}
	if len(errs) > 0 {
		return errs
	}
	md := &metav1.ObjectMeta{}
	if raw, ok := u.Object["metadata"].(map[string]any); ok {
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, md); err != nil {
			return field.ErrorList{field.Invalid(field.NewPath("metadata"), raw, err.Error())}
		}
	}
	errs = append(errs, genericvalidation.ValidateObjectMetaDeclaratively(ctx, operation.Create, md, nil, s.namespaced,
		genericvalidation.NameIsDNSSubdomain, field.NewPath("metadata"), utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta))...)
	// the schema validator walks properties in map order: sorted by field, the same input gives the same findings
	schemaErrs := apiservervalidation.ValidateCustomResource(nil, u.UnstructuredContent(), s.v.validator)
	sort.SliceStable(schemaErrs, func(i, j int) bool { return schemaErrs[i].Field < schemaErrs[j].Field })
	errs = append(errs, schemaErrs...)
	if sc := s.v.scale; sc != nil {
		errs = append(errs, replicas(u, sc.SpecReplicasPath)...)
		errs = append(errs, replicas(u, sc.StatusReplicasPath)...)
		if sc.LabelSelectorPath != nil {
			p := *sc.LabelSelectorPath
			if sel, _, err := unstructured.NestedString(u.Object, strings.Split(strings.TrimPrefix(p, "."), ".")...); err != nil {
				errs = append(errs, field.Invalid(field.NewPath(p), sel, err.Error()))
			}
		}
	}
	errs = append(errs, schemaobjectmeta.Validate(ctx, nil, u.Object, s.v.structural, false)...)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, s.v.structural, u.Object)...)
	for _, e := range errs {
		switch e.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return append(errs, field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"))
		}
	}
	celErrs, _ := s.v.celRules.Validate(ctx, nil, s.v.structural, u.Object, nil, celconfig.RuntimeCELCostBudget)
	return append(errs, celErrs...)
}

// replicas checks a scale subresource's replicas path (customResourceValidator.ValidateScaleSpec/Status).
func replicas(u *unstructured.Unstructured, path string) field.ErrorList {
	n, _, err := unstructured.NestedInt64(u.Object, strings.Split(strings.TrimPrefix(path, "."), ".")...)
	switch {
	case err != nil:
		return field.ErrorList{field.Invalid(field.NewPath(path), n, err.Error())}
	case n < 0:
		return field.ErrorList{field.Invalid(field.NewPath(path), n, "should be a non-negative integer")}
	case n > math.MaxInt32:
		return field.ErrorList{field.Invalid(field.NewPath(path), n, fmt.Sprintf("should be less than or equal to %v", math.MaxInt32))}
	}
	return nil
}

// WarningsOnCreate: finalizer names that are not qualified names or not domain-qualified (the custom resource
// strategy's generateWarningsFromObj).
func (crStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	a, err := meta.Accessor(obj)
	if err != nil {
		return nil
	}
	var out []string
	p := field.NewPath("metadata", "finalizers").String()
	for _, f := range sets.List(sets.New(a.GetFinalizers()...)) {
		for _, msg := range utilvalidation.IsQualifiedName(f) {
			out = append(out, fmt.Sprintf("%s: %q: %s", p, f, msg))
		}
		if !strings.Contains(f, "/") && !standardFinalizers.Has(f) {
			if strings.Contains(f, ".") {
				out = append(out, fmt.Sprintf("%s: %q: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers", p, f))
			} else {
				out = append(out, fmt.Sprintf("%s: %q: prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers", p, f))
			}
		}
	}
	return out
}

var standardFinalizers = sets.New(metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents, "kubernetes")

func (crStrategy) Canonicalize(obj runtime.Object) {}

package main

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage/names"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	"k8s.io/kubernetes/pkg/apis/core/validation"
)

// saStrategy is the create half of pkg/registry/core/serviceaccount's strategy, which the core cannot import
// as it is: that package imports the ServiceAccount admission plugin (for one annotation name), and with it
// client-go's informers for every API group, whose initialization doubles the core's start-up. The create steps
// are the same calls: cleanSecretReferences, ValidateServiceAccount, the annotation warning.
type saStrategy struct {
	rest.DeclarativeValidation
	names.NameGenerator
}

var serviceAccountStrategy = saStrategy{rest.DeclarativeValidation{Scheme: legacyscheme.Scheme}, names.SimpleNameGenerator}

// upstream: plugin/pkg/admission/serviceaccount EnforceMountableSecretsAnnotation
const enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

func (saStrategy) ObjectKinds(obj runtime.Object) ([]schema.GroupVersionKind, bool, error) {
	return legacyscheme.Scheme.ObjectKinds(obj)
}

func (saStrategy) Recognizes(gvk schema.GroupVersionKind) bool {
	return legacyscheme.Scheme.Recognizes(gvk)
}

func (saStrategy) NamespaceScoped() bool { return true }

func (saStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	sa := obj.(*api.ServiceAccount)
	for i, secret := range sa.Secrets {
		sa.Secrets[i] = api.ObjectReference{Name: secret.Name}
	}
}

func (saStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateServiceAccount(obj.(*api.ServiceAccount))
}

func (saStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	if _, ok := obj.(*api.ServiceAccount).Annotations[enforceMountableSecretsAnnotation]; ok {
		return []string{"metadata.annotations[" + enforceMountableSecretsAnnotation + "]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets"}
	}
	return nil
}

func (saStrategy) Canonicalize(obj runtime.Object) {}

//go:build !small

package main

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/operation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	"k8s.io/kubernetes/pkg/apis/resource"
)

// The requester of every create the core judges: a cluster administrator (the system:masters group, as the admin
// credentials of kubeadm before v1.29, kind and most test clusters have it). Some registry strategies ask who
// creates the object: the CertificateSigningRequest strategy records the requester in spec.username/groups, and the
// admission-policy strategies let a member of system:masters reference any paramKind without an authorization
// check (pkg/registry/rbac EscalationAllowed).
var clusterAdmin = &user.DefaultInfo{Name: "kubernetes-admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}}

func withAdmin(ctx context.Context) context.Context {
	if _, ok := genericapirequest.UserFrom(ctx); ok {
		return ctx
	}
	return genericapirequest.WithUser(ctx, clusterAdmin)
}

// asAdmin runs a strategy's create steps with the cluster administrator as the requester.
type asAdmin struct{ rest.RESTCreateStrategy }

func (s asAdmin) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	s.RESTCreateStrategy.PrepareForCreate(withAdmin(ctx), obj)
}

func (s asAdmin) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return s.RESTCreateStrategy.Validate(withAdmin(ctx), obj)
}

func (s asAdmin) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	return s.RESTCreateStrategy.WarningsOnCreate(withAdmin(ctx), obj)
}

// asAdminDeclarative is asAdmin for a strategy with declarative validation (rest.ValidateCreate runs it when the
// strategy has it).
type asAdminDeclarative struct {
	asAdmin
	dv rest.DeclarativeValidationStrategy
}

func (s asAdminDeclarative) ValidateDeclaratively(ctx context.Context, obj, oldObj runtime.Object, errs field.ErrorList, op operation.Type, config rest.DeclarativeValidationConfig) field.ErrorList {
	return s.dv.ValidateDeclaratively(withAdmin(ctx), obj, oldObj, errs, op, config)
}

func (s asAdminDeclarative) DeclarativeValidationConfig(ctx context.Context, obj, oldObj runtime.Object) rest.DeclarativeValidationConfig {
	return s.dv.DeclarativeValidationConfig(withAdmin(ctx), obj, oldObj)
}

func admin(s rest.RESTCreateStrategy) rest.RESTCreateStrategy {
	if dv, ok := s.(rest.DeclarativeValidationStrategy); ok {
		return asAdminDeclarative{asAdmin{s}, dv}
	}
	return asAdmin{s}
}

// allowAll is the authorizer's answer to a cluster administrator: allowed. (The strategies that take an
// authorizer consult it on create only for a requester outside system:masters, or on status updates.)
type allowAll struct{}

func (allowAll) Authorize(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
	return authorizer.DecisionAllow, "", nil
}

// resolveResource is the server's kind-to-resource mapping (from its discovery) for the kinds the core knows; the
// admission-policy binding strategies need one to exist.
func resolveResource(gvk schema.GroupVersionKind) (schema.GroupVersionResource, error) {
	if g := groups[gvk.Group]; g != nil {
		if e := g.kinds[gvk.Kind]; e != nil && e.served[gvk.Version] {
			return gvk.GroupVersion().WithResource(e.resource), nil
		}
	}
	return schema.GroupVersionResource{}, &meta.NoKindMatchError{GroupKind: gvk.GroupKind(), SearchedVersions: []string{gvk.Version}}
}

// noPolicies answers a binding strategy's look-up of the policy it binds: the cluster's policies are cluster state
// the core does not see (a cluster administrator's binding does not need them).
type noPolicies struct{}

func (noPolicies) GetValidatingAdmissionPolicy(ctx context.Context, name string) (*admissionregistration.ValidatingAdmissionPolicy, error) {
	return nil, apierrors.NewNotFound(admissionregistration.Resource("validatingadmissionpolicies"), name)
}

func (noPolicies) GetMutatingAdmissionPolicy(ctx context.Context, name string) (*admissionregistration.MutatingAdmissionPolicy, error) {
	return nil, apierrors.NewNotFound(admissionregistration.Resource("mutatingadmissionpolicies"), name)
}

// adminAccessNamespaces answers the ResourceClaim and ResourceClaimTemplate strategies' look-up of the object's
// namespace, which they make only for a device request with adminAccess: true, to require the namespace label
// resource.kubernetes.io/admin-access=true. The namespace is cluster state the core does not see (as a Pod's
// ServiceAccount or PriorityClass): it is taken to carry the label. The strategies make no other call on create.
type adminAccessNamespaces struct {
	corev1client.NamespaceInterface
}

func (adminAccessNamespaces) Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Namespace, error) {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{resource.DRAAdminNamespaceLabelKey: "true"}}}, nil
}

package main

import (
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	psaapi "k8s.io/pod-security-admission/api"
)

// The validating admission plugins kube-apiserver enables by default whose answer to a create depends on the object
// alone, by the kind they check: after the registry's validation accepts an object, the server runs them, and any
// of them can still refuse the request. (The others need cluster state: namespaces, quotas, limit ranges, priority
// classes, admission policies and webhooks.) The full build adds CertificateSubjectRestriction (admission_full.go).
var admissionChecks = map[schema.GroupKind]func(gvk schema.GroupVersionKind, obj runtime.Object) []Cause{
	{Kind: "Namespace"}: podSecurityNamespace,
}

// admit runs the checks of the object's kind on the object as the registry prepared it for create.
func admit(gvk schema.GroupVersionKind, obj runtime.Object) []Cause {
	check, ok := admissionChecks[gvk.GroupKind()]
	if !ok {
		return nil
	}
	return check(gvk, obj)
}

// podSecurityDefaults is the Pod Security policy of a Namespace without pod-security.kubernetes.io labels, as
// kube-apiserver configures the PodSecurity plugin by default.
var podSecurityDefaults = func() psaapi.Policy {
	lv := psaapi.LevelVersion{Level: psaapi.LevelPrivileged, Version: psaapi.LatestVersion()}
	return psaapi.Policy{Enforce: lv, Audit: lv, Warn: lv}
}()

// podSecurityNamespace is what the PodSecurity plugin does on a Namespace's create (Admission.ValidateNamespace):
// its pod-security.kubernetes.io labels must name a level and a version, or the request is invalid. No namespace
// is exempt by default.
func podSecurityNamespace(_ schema.GroupVersionKind, obj runtime.Object) []Cause {
	m, err := meta.Accessor(obj)
	if err != nil {
		return statusCauses(err)
	}
	if _, errs := psaapi.PolicyToEvaluate(m.GetLabels(), podSecurityDefaults); len(errs) > 0 {
		return statusCauses(apierrors.NewInvalid(schema.GroupKind{Kind: "Namespace"}, m.GetName(), errs))
	}
	return nil
}

// statusCauses turns the error of a registry or an admission plugin into the causes of the server's answer: the
// field errors of an Invalid status, else its reason and message; none for no error.
func statusCauses(err error) []Cause {
	if err == nil {
		return nil
	}
	status, ok := err.(apierrors.APIStatus)
	if !ok {
		return []Cause{{Type: "Internal", Message: err.Error()}}
	}
	st := status.Status()
	if st.Reason == metav1.StatusReasonInvalid && st.Details != nil && len(st.Details.Causes) > 0 {
		out := make([]Cause, 0, len(st.Details.Causes))
		for _, c := range st.Details.Causes {
			out = append(out, Cause{Type: string(c.Type), Field: c.Field, Message: c.Message})
		}
		return out
	}
	return []Cause{{Type: string(st.Reason), Message: st.Message}}
}

//go:build !small

package main

import (
	"context"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/kubernetes/plugin/pkg/admission/certificates/subjectrestriction"
)

// CertificateSubjectRestriction (on by default): a CertificateSigningRequest for the kube-apiserver-client signer
// may not ask for the system:masters group. Upstream's plugin, given the create as the server's admission chain
// gives it (dry run, the cluster administrator as the requester).
func init() {
	plugin := subjectrestriction.NewPlugin()
	admissionChecks[schema.GroupKind{Group: "certificates.k8s.io", Kind: "CertificateSigningRequest"}] = func(gvk schema.GroupVersionKind, obj runtime.Object) []Cause {
		m, err := meta.Accessor(obj)
		if err != nil {
			return statusCauses(err)
		}
		gvr := schema.GroupVersionResource{Group: gvk.Group, Version: gvk.Version, Resource: "certificatesigningrequests"}
		attrs := admission.NewAttributesRecord(obj, nil, gvk, "", m.GetName(), gvr, "", admission.Create, &metav1.CreateOptions{}, true, clusterAdmin)
		causes := statusCauses(plugin.Validate(context.Background(), attrs, nil))
		// the server names no field: the group is in the request's subject
		for i := range causes {
			if causes[i].Field == "" {
				causes[i].Field = "spec.request"
			}
		}
		return causes
	}
}

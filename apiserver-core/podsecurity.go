package main

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

var psaEvaluator policy.Evaluator

func evaluator() policy.Evaluator {
	if psaEvaluator == nil {
		e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
		if err != nil {
			panic(err)
		}
		psaEvaluator = e
	}
	return psaEvaluator
}

// podSecurity evaluates the pods of a versioned, defaulted object (a Pod or a workload's template) with the
// official Pod Security checks at the latest version; nil for objects without pods.
func podSecurity(obj runtime.Object) *PodSecurity {
	meta, spec := podSpecOf(obj)
	if spec == nil {
		return nil
	}
	out := &PodSecurity{}
	for _, lv := range []struct {
		level psaapi.Level
		into  *[]Violation
	}{{psaapi.LevelBaseline, &out.Baseline}, {psaapi.LevelRestricted, &out.Restricted}} {
		for _, r := range evaluator().EvaluatePod(psaapi.LevelVersion{Level: lv.level, Version: psaapi.LatestVersion()}, meta, spec) {
			if !r.Allowed {
				*lv.into = append(*lv.into, Violation{Check: "", Reason: r.ForbiddenReason, Detail: r.ForbiddenDetail})
			}
		}
	}
	switch {
	case len(out.Baseline) > 0:
		out.Level = string(psaapi.LevelPrivileged)
	case len(out.Restricted) > 0:
		out.Level = string(psaapi.LevelBaseline)
	default:
		out.Level = string(psaapi.LevelRestricted)
	}
	return out
}

// podSpecOf finds the pods of the kinds Pod Security admission checks (its DefaultPodSpecExtractor's list).
func podSpecOf(obj runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec
	case *corev1.PodTemplate:
		return &o.Template.ObjectMeta, &o.Template.Spec
	case *corev1.ReplicationController:
		if o.Spec.Template == nil {
			return nil, nil
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.Deployment:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.Job:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec
	}
	return nil, nil
}

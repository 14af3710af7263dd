// Package admin holds the flyteidl.admin messages wfc emits, in package idl's shape.
package admin

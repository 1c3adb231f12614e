// Roles and what each may do: the one table the web module consults for
// every route (RouteDoc::permission) and every read (ReaderVisibility).
// The permission matrix test (tests/permissions) walks the router's route
// table against it, so a route registered without a rule fails the build's tests.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "core/status.h"
#include "core/vocabulary.h"

namespace readout::auth {

// Staff roles, each including the one before it for reads and writes:
// a contributor adds and edits records; an editor also deletes and restores
// them, moderates public submissions and drafts, submits and publishes
// readouts; a reviewer also approves or returns readouts; an admin also
// manages accounts, grants, the audit log and purges. The public has no role.
enum class Role { kContributor, kEditor, kReviewer, kAdmin };

std::string_view ToCode(Role role);  // "contributor", "editor", "reviewer", "admin"
core::Result<Role> ParseRole(std::string_view code);  // kInvalidArgument naming `role`, listing the four

// What a route requires of its caller. kUnset is the default of a new
// RouteDoc: the App refuses such a route to everyone but admins, and the
// permission matrix test fails on it.
enum class Permission {
  kUnset,
  kPublic,       // anyone; what a reader sees still depends on ReaderVisibility
  kPublicInput,  // anyone may send (the public input form): no session, so no CSRF token; Origin-checked and throttled
  kSignedIn,     // any account
  kContribute,   // contributor and above
  kEdit,         // editor and above
  kReview,       // reviewer and above
  kAdmin,        // admin only
};

std::string_view ToCode(Permission permission);

// True when a caller with `role` (nullopt: the public) may use a route requiring `permission`.
bool Allows(Permission permission, std::optional<Role> role);

// The most confidential visibility a caller reads by role alone: the public
// kPublic, contributors, editors and reviewers kInternal, admins kRestricted.
// Restricted records beyond that need a per-record grant (User::granted_record_ids).
core::Visibility ReaderVisibility(std::optional<Role> role);

// Editors, reviewers and admins must have a second factor before they can do
// anything once signed in; contributors may enrol but need not.
bool RequiresSecondFactor(Role role);

}  // namespace readout::auth

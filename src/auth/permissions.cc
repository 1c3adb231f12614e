#include "auth/permissions.h"

namespace readout::auth {

std::string_view ToCode(Role role) {
  switch (role) {
    case Role::kContributor: return "contributor";
    case Role::kEditor: return "editor";
    case Role::kReviewer: return "reviewer";
    case Role::kAdmin: return "admin";
  }
  return "contributor";
}

core::Result<Role> ParseRole(std::string_view code) {
  for (Role role : {Role::kContributor, Role::kEditor, Role::kReviewer, Role::kAdmin}) {
    if (code == ToCode(role)) return role;
  }
  return core::Fail(core::Error::Invalid(
      "role", "must be one of contributor, editor, reviewer, admin; got '" + std::string(code) + "'"));
}

std::string_view ToCode(Permission permission) {
  switch (permission) {
    case Permission::kUnset: return "unset";
    case Permission::kPublic: return "public";
    case Permission::kPublicInput: return "public_input";
    case Permission::kSignedIn: return "signed_in";
    case Permission::kContribute: return "contribute";
    case Permission::kEdit: return "edit";
    case Permission::kReview: return "review";
    case Permission::kAdmin: return "admin";
  }
  return "unset";
}

bool Allows(Permission permission, std::optional<Role> role) {
  switch (permission) {
    case Permission::kPublic:
    case Permission::kPublicInput: return true;
    case Permission::kSignedIn: return role.has_value();
    case Permission::kContribute: return role.has_value();
    case Permission::kEdit: return role && *role >= Role::kEditor;
    case Permission::kReview: return role && *role >= Role::kReviewer;
    case Permission::kAdmin:
    case Permission::kUnset: return role == Role::kAdmin;  // deny by default: a route without a rule is admin-only
  }
  return false;
}

core::Visibility ReaderVisibility(std::optional<Role> role) {
  if (!role) return core::Visibility::kPublic;
  return *role == Role::kAdmin ? core::Visibility::kRestricted : core::Visibility::kInternal;
}

bool RequiresSecondFactor(Role role) { return role != Role::kContributor; }

}  // namespace readout::auth

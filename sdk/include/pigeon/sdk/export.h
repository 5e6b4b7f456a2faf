#pragma once
// PIGEON_EXPORT_PLUGIN(descriptor): the last line of a plugin's plugin.cpp. It exports the
// descriptor under the one name the host looks for, with Boost.DLL.

#include <boost/dll/alias.hpp>

#include "pigeon/sdk/plugin_descriptor.h"

#define PIGEON_EXPORT_PLUGIN(descriptor) BOOST_DLL_ALIAS(descriptor, pigeon_plugin_descriptor)

#include <iostream>

#include "app/pigeond_app.h"

POCO_SERVER_MAIN(pigeon::host::PigeondApp)

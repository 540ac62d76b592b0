#!/bin/sh
echo "gridshare does not use Prisma's native schema engine: migrations are applied by 'gridshare migrate'" >&2
exit 1

# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer targets, one per parser.  Driven by `make fuzz` (Makefile.am),
# which passes srcdir and builddir; see docs/testing.md.
#
# libcontainer's sources are compiled again here with clang, instrumented
# for coverage (fuzzer-no-link) and ASan+UBSan; the normal gcc build is not
# touched.  Each target then runs FUZZ_SECONDS from its seed corpus
# (tests/fuzz/corpus/NAME) with a dictionary (tests/fuzz/json.dict for the
# JSON targets, NAME.dict for the others when there is one); new inputs go to builddir/tests/fuzz/found/NAME,
# a crash to builddir/tests/fuzz/crash-NAME-*, and fails the make.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= config process resources mount-opts id signal

out := $(builddir)/tests/fuzz
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
PKGS := yajl mount libseccomp libselinux libcap-ng
CFLAGS := -g -O1 $(SANITIZE) -Wall -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-unused-function \
	-I$(builddir) -I$(srcdir)/libcontainer -include $(builddir)/config.h \
	$(shell pkg-config --cflags $(PKGS))
LIBS := $(shell pkg-config --libs yajl libseccomp libcap-ng) -ldl

lib_srcs := $(wildcard $(srcdir)/libcontainer/*.c)
lib_objs := $(patsubst $(srcdir)/libcontainer/%.c,$(out)/obj/%.o,$(lib_srcs))
targets := $(patsubst %,$(out)/fuzz-%,$(FUZZ_TARGETS))

.PHONY: build run
build: $(targets)

$(out)/obj/%.o: $(srcdir)/libcontainer/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer-no-link -MMD -c -o $@ $<

$(out)/libcontainer-fuzz.a: $(lib_objs)
	rm -f $@ && ar rcs $@ $^

$(out)/fuzz-%: $(srcdir)/tests/fuzz/fuzz-%.c $(srcdir)/tests/fuzz/fuzz.h $(out)/libcontainer-fuzz.a
	$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(out)/libcontainer-fuzz.a $(LIBS)

# One target after the other (the CI machine has 2 cores); stop at the
# first that finds something, print the input that did it.
run: build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(out)/found/$$t; \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
	  case $$t in config|process|resources) dict=json;; *) dict=$$t;; esac; \
	  dict=$(srcdir)/tests/fuzz/$$dict.dict; \
	  [ -f $$dict ] && dict=-dict=$$dict || dict=; \
	  $(out)/fuzz-$$t $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -artifact_prefix=$(out)/crash-$$t- -print_final_stats=1 \
	    $(out)/found/$$t $(srcdir)/tests/fuzz/corpus/$$t > $(out)/fuzz-$$t.log 2>&1 \
	  || { tail -n 60 $(out)/fuzz-$$t.log; \
	       echo "fuzz-$$t failed: the input is $(out)/crash-$$t-*"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^stat::new_units_added' $(out)/fuzz-$$t.log \
	    | tr '\n' ' '; echo; \
	done

-include $(lib_objs:.o=.d)

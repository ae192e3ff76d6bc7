/* Unix-socket transport of tick-load: connect, resynchronise, request/answer with timeouts and retransmission. */
#include "link.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool send_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

bool link_open(struct link *l, const char *path, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	l->fd = -1;
	l->path = path;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof a.sun_path) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return false;
	}
	strcpy(a.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "no QEMU on %s (%s): start one with make run, or give --socket PATH",
			 path, e == ENOENT ? "no such socket" : strerror(e));
		return false;
	}
	l->fd = fd;
	/* A seq the board cannot have answered last: a repeated request would get an old answer. */
	l->seq = (uint16_t)(now_ms() ^ getpid());
	/* Zeros end any frame a previous host left half sent (it fails its CRC) and are skipped
	 * while the board hunts for a magic. */
	uint8_t zeros[MGMT_MAX_FRAME] = { 0 };
	if (!send_all(fd, zeros, sizeof zeros)) {
		snprintf(err, errlen, "device gone: %s closed at once", path);
		return false;
	}
	return true;
}

/* Waits for a frame until deadline: 1 frame, 0 timeout, -1 closed. */
static int read_frame(struct link *l, long long deadline)
{
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = { .fd = l->fd, .events = POLLIN };
		int r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		/* A byte at a time: answers are small, and nothing after a frame is read early. */
		uint8_t b;
		ssize_t n = recv(l->fd, &b, 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (mgmt_feed(&l->dec, b) == MGMT_FRAME)
			return 1;
	}
}

const uint8_t *link_request(struct link *l, uint8_t type, const uint8_t *payload, uint32_t len,
			    int timeout_ms, int tries, char *err, size_t errlen)
{
	uint16_t seq = l->seq++;
	uint32_t n = mgmt_encode(l->frame, type, 0, seq, payload, len);
	for (int t = 0; t < tries; t++) {
		if (!send_all(l->fd, l->frame, n)) {
			snprintf(err, errlen, "device gone: the connection to %s closed (QEMU stopped?)", l->path);
			return NULL;
		}
		long long deadline = now_ms() + timeout_ms;
		for (;;) {
			int r = read_frame(l, deadline);
			if (r < 0) {
				snprintf(err, errlen, "device gone: the connection to %s closed (QEMU stopped?)",
					 l->path);
				return NULL;
			}
			if (r == 0)
				break;   /* timeout: send it again */
			const uint8_t *f = l->dec.buf;
			if (mgmt_type_of(f) == MGMT_NOTICE && mgmt_seq_of(f) == seq)
				break;   /* our frame arrived damaged: send it again at once */
			if (mgmt_seq_of(f) == seq && mgmt_type_of(f) == (type | MGMT_REPLY)) {
				if (getenv("TICK_LOAD_TRACE"))   /* round trips, for slow channels */
					fprintf(stderr, "[type %u seq %u: %lld ms, try %d]\n", type, seq,
						now_ms() - (deadline - timeout_ms), t + 1);
				return f;
			}
			/* an answer to something earlier, or a notice about other bytes: skip */
		}
	}
	snprintf(err, errlen, "device gone: no answer from the board on %s (is the kernel running?)", l->path);
	return NULL;
}

void link_close(struct link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

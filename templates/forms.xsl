<?xml version="1.0" encoding="UTF-8"?>
<!-- Forms (fields, options, a ticket's thread, breadcrumbs) of the browser panel, included by panel.xsl (its variables, keys and named templates
     are shared: $panel, $func, $page, key('msg'), label, keep, csrf, error-box). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
  <!-- ===== forms ===== -->
  <xsl:template name="form">
    <xsl:variable name="meta" select="metadata[@name = $func]"/>
    <xsl:variable name="pages" select="$meta/form/page"/>
    <xsl:variable name="fields" select="$meta/form//field"/>
    <!-- "New reseller" / "Edit reseller: r1" where the form has those words, else its title. -->
    <xsl:variable name="editing" select="string(doc/elid) != ''"/>
    <xsl:variable name="heading" select="key('msg', substring('title_newtitle_edit', 1 + 9 * $editing, 9 + $editing))"/>
    <xsl:call-template name="crumbs"/>
    <h1 id="form-title">
      <xsl:choose>
        <xsl:when test="$heading"><xsl:value-of select="$heading[last()]"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="title"/></xsl:otherwise>
      </xsl:choose>
      <!-- A document by its number (an invoice), not its internal id (issue 20). -->
      <xsl:if test="$editing">: <xsl:value-of select="(doc/number[string(.) != ''] | doc/elid[not(../number[string(.) != ''])])[1]"/></xsl:if>
    </h1>
    <xsl:if test="session/@must_change_password and $func = 'usrparam'">
      <div class="notice" role="status" id="must-change">
        <xsl:call-template name="label"><xsl:with-param name="name" select="'must_change_password'"/></xsl:call-template>
      </div>
    </xsl:if>
    <!-- A new user: the slots its owner has left, and what takes them (issue 20). -->
    <xsl:for-each select="doc/slots">
      <div role="status" id="slots">
        <xsl:attribute name="class"><xsl:value-of select="concat('notice slots', substring(' none', 1, 5 * (@left = 0)))"/></xsl:attribute>
        <xsl:variable name="text"><xsl:call-template name="label"><xsl:with-param name="name" select="substring('slots_leftslots_none', 1 + 10 * (@left = 0), 10)"/></xsl:call-template></xsl:variable>
        <xsl:value-of select="str:replace(str:replace(str:replace(str:replace($text, '__left__', @left), '__limit__', @limit), '__own__', @own), '__given__', @given)"/>
      </div>
    </xsl:for-each>
    <!-- An error that names no field of the form goes above it. -->
    <xsl:if test="error and not($fields[@name = /page/error/@object])">
      <xsl:call-template name="error-box"/>
    </xsl:if>
    <xsl:apply-templates select="doc[message]" mode="thread"/>
    <xsl:apply-templates select="doc[issued]" mode="document"/>
    <!-- An account's form shows its usage over time, drawn on the server (an SVG image). -->
    <xsl:if test="$meta/@chart and $editing">
      <img class="chart" id="chart" alt="" src="{$panel}?func={$meta/@chart}&amp;elid={str:encode-uri(string(doc/elid), true())}"/>
    </xsl:if>
    <xsl:if test="not(doc/issued)">
    <form method="post" action="{$panel}" class="form" id="edit-form" novalidate="novalidate">
      <xsl:if test="$fields/*[@type = 'file']"><xsl:attribute name="enctype">multipart/form-data</xsl:attribute></xsl:if>
      <input type="hidden" name="func" value="{$func}"/>
      <input type="hidden" name="sok" value="ok"/>
      <xsl:call-template name="csrf"/>
      <xsl:if test="string(doc/elid) != ''"><input type="hidden" name="elid" value="{doc/elid}"/></xsl:if>
      <xsl:if test="string(doc/plid) != ''"><input type="hidden" name="plid" value="{doc/plid}"/></xsl:if>
      <xsl:if test="count($pages) &gt; 1">
        <nav class="tabs" role="tablist">
          <xsl:for-each select="$pages">
            <a href="#page-{@name}" role="tab" data-page="page-{@name}">
              <xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template>
            </a>
          </xsl:for-each>
        </nav>
      </xsl:if>
      <xsl:for-each select="$pages">
        <fieldset class="page" id="page-{@name}">
          <legend><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></legend>
          <xsl:if test="key('msg', concat('hint_', @name))">
            <p class="hint page-hint"><xsl:value-of select="key('msg', concat('hint_', @name))[last()]"/></p>
          </xsl:if>
          <xsl:apply-templates select="field"/>
        </fieldset>
      </xsl:for-each>
      <div class="actions">
        <button type="submit" class="primary" id="submit"><xsl:call-template name="label"><xsl:with-param name="name" select="'ok'"/></xsl:call-template></button>
        <!-- A form with a preview (form preview="yes": a mail template) posts back to show it
             for what is typed, saving nothing (no script needed). -->
        <xsl:if test="$meta/form/@preview = 'yes'">
          <button type="submit" name="show_preview" value="on" formnovalidate="formnovalidate" class="secondary" id="show-preview"><xsl:call-template name="label"><xsl:with-param name="name" select="'show_preview'"/></xsl:call-template></button>
        </xsl:if>
        <a class="button" href="{$panel}" id="cancel">
          <xsl:if test="string(/page/@list) != ''"><xsl:attribute name="href"><xsl:value-of select="concat($panel, '?func=', /page/@list)"/></xsl:attribute></xsl:if>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'cancel'"/></xsl:call-template>
        </a>
      </div>
    </form>
    </xsl:if>
  </xsl:template>

  <!-- A hidden field (a money form's idempotency key): the value only, no label. -->
  <!-- A field for a higher level than the caller's is not offered (issue 20). -->
  <xsl:template match="field[@level and number(@level) &gt; number(/page/session/@level)]" priority="3"/>

  <xsl:template match="field[*[1]/@type = 'hidden']" priority="2">
    <xsl:variable name="name" select="@name"/>
    <xsl:variable name="refill" select="/page/values/v[@name = $name]"/>
    <input type="hidden" id="f-{$name}" name="{$name}">
      <xsl:attribute name="value">
        <xsl:choose>
          <xsl:when test="$refill"><xsl:value-of select="$refill"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="/page/doc/*[name() = $name]"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </input>
  </xsl:template>

  <!-- A field the reply offers only to some callers (when_given="yes": usrparam's company
       fields, for the company's owner) is shown when the reply carries it (issue 20). -->
  <xsl:template match="field[@when_given = 'yes']" priority="2.5">
    <xsl:variable name="name" select="@name"/>
    <xsl:if test="/page/doc/*[name() = $name]"><xsl:call-template name="field-body"/></xsl:if>
  </xsl:template>

  <xsl:template match="field" name="field-body">
    <xsl:variable name="name" select="@name"/>
    <xsl:variable name="control" select="*[1]"/>
    <xsl:variable name="refill" select="/page/values/v[@name = $name]"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="/page/values"><xsl:value-of select="$refill"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="/page/doc/*[name() = $name]"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="failed" select="/page/error[@object = $name]"/>
    <xsl:variable name="editing" select="string(/page/doc/elid) != ''"/>
    <!-- The cursor starts in the field that failed, else in the form's first field (issue 20). -->
    <xsl:variable name="focus" select="$failed or
                                       (not(/page/error) and not(preceding-sibling::field) and not(../preceding-sibling::page))"/>
    <div class="field" id="field-{$name}">
      <xsl:if test="$failed"><xsl:attribute name="class">field error</xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$control/@type = 'checkbox'">
          <input type="hidden" name="{$name}" value="off"/>
          <label class="check">
            <input type="checkbox" id="f-{$name}" name="{$name}" value="on">
              <xsl:if test="$value = 'on'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:text> </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="name" select="$name"/></xsl:call-template>
          </label>
        </xsl:when>
        <xsl:otherwise>
          <label for="f-{$name}">
            <xsl:call-template name="label"><xsl:with-param name="name" select="$name"/></xsl:call-template>
            <xsl:if test="$control/@required = 'yes' and not($editing and $name = 'name')"><span class="required" aria-hidden="true"> *</span></xsl:if>
          </label>
          <xsl:choose>
            <xsl:when test="local-name($control) = 'img'">
              <!-- Only an image the reply made (a QR code), never a URL from elsewhere. -->
              <xsl:if test="starts-with($value, 'data:image/svg+xml;base64,')">
                <img id="f-{$name}" class="qr" src="{$value}" alt=""/>
              </xsl:if>
            </xsl:when>
            <xsl:when test="local-name($control) = 'textarea'">
              <textarea id="f-{$name}" name="{$name}" rows="5" maxlength="{$control/@maxlength}"><xsl:if test="$control/@rows"><xsl:attribute name="rows"><xsl:value-of select="$control/@rows"/></xsl:attribute></xsl:if><xsl:if test="$focus"><xsl:attribute name="autofocus">autofocus</xsl:attribute></xsl:if><xsl:value-of select="$value"/></textarea>
            </xsl:when>
            <xsl:when test="local-name($control) = 'select'">
              <select id="f-{$name}" name="{$name}">
                <xsl:call-template name="options">
                  <xsl:with-param name="name" select="$name"/>
                  <xsl:with-param name="control" select="$control"/>
                  <xsl:with-param name="value" select="string($value)"/>
                </xsl:call-template>
              </select>
            </xsl:when>
            <xsl:when test="$control/@type = 'file'">
              <!-- The file kept now, when the reply says there is one (issue 20: a logo's preview),
                   from the function the metadata names and the reply's public key only. -->
              <xsl:if test="$control/@preview and /page/doc/*[name() = concat('has_', $name)] = 'on' and string(/page/doc/public_key) != ''">
                <img class="preview" id="f-{$name}-current" alt="" src="{$panel}?func={$control/@preview}&amp;elid={str:encode-uri(string(/page/doc/public_key), true())}"/>
              </xsl:if>
              <input type="file" id="f-{$name}" name="{$name}" accept="{$control/@accept}"/>
            </xsl:when>
            <!-- Text the reply writes for the form (COREmanager's textdata): shown, never sent. -->
            <xsl:when test="local-name($control) = 'textdata'">
              <xsl:choose>
                <!-- pre="yes": text whose lines matter (a mail's preview). -->
                <xsl:when test="$control/@pre = 'yes'"><pre class="state" id="f-{$name}"><xsl:value-of select="/page/doc/*[name() = $name]"/></pre></xsl:when>
                <xsl:otherwise><p class="state" id="f-{$name}"><xsl:value-of select="/page/doc/*[name() = $name]"/></p></xsl:otherwise>
              </xsl:choose>
            </xsl:when>
            <!-- A state the form reports, not a field to fill: its value's words (issue 20), from
                 the reply (a form shown again with what was typed still reports it). -->
            <xsl:when test="$control/@readonly = 'yes' and $control/@labels = 'yes'">
              <p class="state" id="f-{$name}"><xsl:call-template name="value-label"><xsl:with-param name="v" select="string(/page/doc/*[name() = $name])"/></xsl:call-template></p>
            </xsl:when>
            <xsl:when test="$control/@type = 'password'">
              <xsl:variable name="generated" select="/page/doc/generated_password"/>
              <input type="password" id="f-{$name}" name="{$name}" autocomplete="new-password" maxlength="{$control/@maxlength}">
                <xsl:if test="$generated and ($name = 'passwd' or $name = 'confirm')"><xsl:attribute name="value"><xsl:value-of select="$generated"/></xsl:attribute></xsl:if>
                <xsl:if test="$focus"><xsl:attribute name="autofocus">autofocus</xsl:attribute></xsl:if>
              </input>
              <!-- A new password: "Generate" posts the form back for one (no script needed); the
                   meter asks the server's rule as it is typed (panel.js). -->
              <xsl:if test="$name = 'passwd'">
                <button type="submit" name="generate" value="on" formnovalidate="formnovalidate" class="secondary" id="f-passwd-generate">
                  <xsl:call-template name="label"><xsl:with-param name="name" select="'generate_password'"/></xsl:call-template>
                </button>
                <meter id="f-passwd-strength" min="0" max="100" low="40" high="70" optimum="100" value="0" hidden="hidden">
                  <xsl:attribute name="data-strong"><xsl:call-template name="label"><xsl:with-param name="name" select="'password_strong'"/></xsl:call-template></xsl:attribute>
                </meter>
                <small class="hint" id="f-passwd-weak" role="status"/>
                <xsl:if test="$generated">
                  <p class="notice done" role="status" id="generated-password">
                    <xsl:call-template name="label"><xsl:with-param name="name" select="'generated_password'"/></xsl:call-template>
                    <xsl:text> </xsl:text><code><xsl:value-of select="$generated"/></code>
                  </p>
                </xsl:if>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise>
              <input type="text" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$control/@maxlength}">
                <xsl:if test="$focus and not($editing and $name = 'name') and not($control/@readonly = 'yes')"><xsl:attribute name="autofocus">autofocus</xsl:attribute></xsl:if>
                <xsl:if test="$control/@check = 'int'"><xsl:attribute name="inputmode">numeric</xsl:attribute></xsl:if>
                <xsl:if test="$control/@check = 'email'"><xsl:attribute name="type">email</xsl:attribute></xsl:if>
                <xsl:if test="$control/@readonly = 'yes' or ($editing and $control/@create_only = 'yes')"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:if>
                <xsl:if test="$control/@required = 'yes'">
                  <xsl:choose>
                    <xsl:when test="$editing and $name = 'name'"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:when>
                    <xsl:otherwise><xsl:attribute name="required">required</xsl:attribute></xsl:otherwise>
                  </xsl:choose>
                </xsl:if>
              </input>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
      <!-- A hint of its own when editing ("leave empty to keep the password"), else the field's. -->
      <xsl:variable name="hint" select="key('msg', concat('hint_', $name, substring('_edit', 1, 5 * $editing)))"/>
      <xsl:choose>
        <xsl:when test="$hint"><small class="hint"><xsl:value-of select="$hint[last()]"/></small></xsl:when>
        <xsl:when test="key('msg', concat('hint_', $name))">
          <small class="hint"><xsl:value-of select="key('msg', concat('hint_', $name))[last()]"/></small>
        </xsl:when>
      </xsl:choose>
      <!-- What the owner's pool still has for this limit, before the form is sent. -->
      <xsl:for-each select="/page/doc/pool[@name = $name]">
        <small class="hint pool" id="pool-{$name}">
          <xsl:value-of select="@left"/><xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'left_of'"/></xsl:call-template>
          <xsl:text> </xsl:text><xsl:value-of select="@limit"/>
        </small>
      </xsl:for-each>
      <xsl:if test="$failed">
        <div class="field-error" role="alert" id="error-{$name}">
          <xsl:value-of select="$failed/msg"/>
          <xsl:if test="string($failed/detail) != string($failed/msg)">: <xsl:value-of select="$failed/detail"/></xsl:if>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- Options: the reply's <slist name> (dynamic), else the metadata's <option key> (static). -->
  <xsl:template name="options">
    <xsl:param name="name"/>
    <xsl:param name="control"/>
    <xsl:param name="value"/>
    <xsl:variable name="slist" select="/page/doc/slist[@name = $name]/msg"/>
    <xsl:for-each select="$slist | $control/option[not($slist)]">
      <option value="{@key}">
        <xsl:if test="string(@key) = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <!-- A template's limits, for the script that fills the form when it is chosen. -->
        <xsl:if test="@limits"><xsl:attribute name="data-limits"><xsl:value-of select="@limits"/></xsl:attribute></xsl:if>
        <!-- <field>_<key> names the option, else the form's value_<key> (issue 20). An option of
             an enumeration without either is marked, so a test finds it; a select of data
             (templates, groups: data="yes") shows its values as they are. -->
        <xsl:variable name="own" select="key('msg', concat($name, '_', @key))"/>
        <xsl:variable name="shared" select="key('msg', concat('value_', @key))[not($control/@data = 'yes')]"/>
        <xsl:if test="not($own) and not($shared) and not($control/@data = 'yes')">
          <xsl:attribute name="data-unlabelled"><xsl:value-of select="@key"/></xsl:attribute>
        </xsl:if>
        <xsl:choose>
          <!-- An account's template stays named after it was applied (issue 20): the empty
               choice keeps the limits it gave. -->
          <xsl:when test="$name = 'preset' and string(@key) = '' and string(/page/doc/preset_used) != ''">
            <xsl:value-of select="str:replace(string(key('msg', 'preset_keep')[last()]), '__what__', string(/page/doc/preset_used))"/>
          </xsl:when>
          <xsl:when test="$own"><xsl:value-of select="$own[last()]"/></xsl:when>
          <xsl:when test="$shared"><xsl:value-of select="$shared[last()]"/></xsl:when>
          <xsl:when test="string(.) != ''"><xsl:value-of select="."/></xsl:when>
          <xsl:when test="string(@key) != ''"><xsl:value-of select="@key"/></xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </option>
    </xsl:for-each>
  </xsl:template>

  <!-- A ticket's thread above its answer form. -->
  <xsl:template match="doc" mode="thread">
    <section class="thread" id="thread">
      <p class="meta"><xsl:value-of select="subject"/> · <xsl:call-template name="value-label"><xsl:with-param name="v" select="string(status)"/></xsl:call-template> · <xsl:call-template name="value-label"><xsl:with-param name="v" select="string(priority)"/></xsl:call-template>
        <xsl:if test="string(assignee) != ''"> · <xsl:call-template name="label"><xsl:with-param name="name" select="'assigned_to'"/></xsl:call-template><xsl:text> </xsl:text><span id="thread-assignee"><xsl:value-of select="assignee"/></span></xsl:if>
        <xsl:if test="string(waiting_since) != ''"> · <xsl:call-template name="label"><xsl:with-param name="name" select="'waiting_since'"/></xsl:call-template><xsl:text> </xsl:text><time id="thread-waiting"><xsl:value-of select="waiting_since"/></time></xsl:if></p>
      <xsl:for-each select="message">
        <article class="message">
          <xsl:if test="internal = 'on'"><xsl:attribute name="class">message internal</xsl:attribute></xsl:if>
          <header><strong><xsl:value-of select="author"/></strong>
            <xsl:if test="string(as) != string(author)"> (<xsl:value-of select="as"/>)</xsl:if>
            <xsl:if test="internal = 'on'"> · <em><xsl:call-template name="label"><xsl:with-param name="name" select="'internal_note'"/></xsl:call-template></em></xsl:if>
            <time><xsl:value-of select="time"/></time></header>
          <div class="text"><xsl:value-of select="text"/></div>
          <!-- Attachments: downloads by number, from the ticket functions only. -->
          <xsl:if test="attachment">
            <ul class="attachments">
              <xsl:for-each select="attachment">
                <li><a class="attachment" href="{$panel}?func=ticket.attachment&amp;elid={number(@id)}" download="{.}"><xsl:value-of select="."/></a>
                  <xsl:text> </xsl:text><small>(<xsl:value-of select="ceiling(number(@size) div 1024)"/> KiB)</small></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </article>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Where a form or a confirmation belongs: its list, one click back (the list's messages come
       first in msgs, so the first "title" is the list's). -->
  <xsl:template name="crumbs">
    <xsl:if test="string(/page/@list) != '' and /page/@list != $func and key('msg', 'title')">
      <nav class="crumbs" aria-label="breadcrumb">
        <a href="{$panel}?func={/page/@list}" id="crumb-list"><xsl:value-of select="key('msg', 'title')[1]"/></a>
        <xsl:text> ›</xsl:text>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>

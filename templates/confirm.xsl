<?xml version="1.0" encoding="UTF-8"?>
<!-- The confirmation page of a toolbar action marked confirm="yes" (with what the action reaches),
     included by panel.xsl (its variables, keys and named templates are shared: $panel, $func,
     key('msg'), label, crumbs, title, csrf). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
  <!-- ===== confirmation of a toolbar action marked confirm="yes" ===== -->
  <xsl:template name="confirm">
    <xsl:call-template name="crumbs"/>
    <h1><xsl:call-template name="title"/></h1>
    <form method="post" action="{$panel}" class="confirm card" id="confirm-form">
      <xsl:variable name="question" select="concat('confirm_', toolbtn/@name)"/>
      <p>
        <xsl:choose>
          <xsl:when test="key('msg', $question)"><xsl:value-of select="key('msg', $question)[last()]"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="'confirm_question'"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </p>
      <!-- The targets, with what the action reaches beyond them (a reseller's users), when the
           page has their rows. -->
      <xsl:variable name="rows" select="doc/elem"/>
      <!-- What the change reaches beyond each target (preview="yes": the function's preview=on). -->
      <xsl:variable name="reached" select="doc/reach/elem"/>
      <xsl:variable name="deleting" select="contains($func, '.delete')"/>
      <ul class="targets">
        <xsl:for-each select="str:split(params/elid, ', ')">
          <xsl:variable name="target" select="string(.)"/>
          <xsl:variable name="users" select="$rows[name = $target]/users/@used"/>
          <xsl:variable name="reach" select="$reached[name = $target]"/>
          <li>
            <xsl:value-of select="$target"/>
            <xsl:choose>
              <xsl:when test="$reach">
                <span class="reach" id="reach-{$target}"> — <xsl:value-of select="$reach/accounts"/><xsl:text> </xsl:text>
                  <xsl:call-template name="label"><xsl:with-param name="name" select="'reach_accounts'"/></xsl:call-template>
                  <xsl:if test="$reach/users &gt; 0">, <xsl:value-of select="$reach/users"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'users_word'"/></xsl:call-template></xsl:if>
                  <xsl:if test="$reach/suspended_on_own &gt; 0">; <xsl:value-of select="$reach/suspended_on_own"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'reach_on_own'"/></xsl:call-template></xsl:if>
                  <xsl:text>; </xsl:text><xsl:value-of select="$reach/sessions"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'reach_sessions'"/></xsl:call-template>
                  <xsl:if test="$deleting and $reach/owned &gt; 0">; <xsl:value-of select="$reach/owned"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'reach_owned'"/></xsl:call-template></xsl:if>
                  <!-- What other families hold there (licences a suspension stops). -->
                  <xsl:if test="not($deleting)">
                    <xsl:for-each select="$reach/*[@reach = 'yes' and number(.) &gt; 0]">; <span id="reach-{$target}-{name()}"><xsl:value-of select="."/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="concat('reach_', name())"/></xsl:call-template></span></xsl:for-each>
                  </xsl:if>
                </span>
              </xsl:when>
              <xsl:when test="number($users) &gt; 0">
                <span class="reach"> — <xsl:value-of select="$users"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'users_word'"/></xsl:call-template></span>
              </xsl:when>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ul>
      <xsl:if test="$rows/users[@used &gt; 0]">
        <p class="reach-note" id="reach-note">
          <xsl:call-template name="label"><xsl:with-param name="name" select="concat('reach_', toolbtn/@name)"/></xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="toolbtn/@reason = 'yes'">
        <label for="f-reason"><xsl:call-template name="label"><xsl:with-param name="name" select="'reason'"/></xsl:call-template></label>
        <input type="text" id="f-reason" name="reason" maxlength="255"/>
      </xsl:if>
      <!-- A note the action carries along (an activation request's message to support). -->
      <xsl:if test="toolbtn/@message = 'yes'">
        <label for="f-message"><xsl:call-template name="label"><xsl:with-param name="name" select="'message_field'"/></xsl:call-template></label>
        <textarea id="f-message" name="message" maxlength="2000"/>
      </xsl:if>
      <input type="hidden" name="func" value="{$func}"/>
      <input type="hidden" name="elid" value="{params/elid}"/>
      <input type="hidden" name="sok" value="ok"/>
      <xsl:call-template name="csrf"/>
      <xsl:for-each select="str:tokenize(toolbtn/@options, ' ')">
        <input type="hidden" name="{.}" value="off"/>
        <label class="check"><input type="checkbox" name="{.}" value="on" id="f-{.}"/><xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="concat('option_', .)"/></xsl:call-template></label>
      </xsl:for-each>
      <div class="actions">
        <button type="submit" class="danger" id="confirm-yes"><xsl:call-template name="label"><xsl:with-param name="name" select="'yes'"/></xsl:call-template></button>
        <a class="button" href="{$panel}?func={/page/@list}"><xsl:call-template name="label"><xsl:with-param name="name" select="'cancel'"/></xsl:call-template></a>
      </div>
    </form>
  </xsl:template>
</xsl:stylesheet>
